namespace Sentinela.Server.Push;

/// <summary>How urgently the platform should wake the device; each provider maps it to its own scale.</summary>
public enum PushPriority
{
    Normal,
    Critical,
}

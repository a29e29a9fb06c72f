namespace Sentinela.Client;

/// <summary>How serious an outbreak is. JSON "moderate"/"high"/"critical"; MessagePack the name or 0/1/2.</summary>
public enum AlertSeverity
{
    Moderate,
    High,
    Critical,
}

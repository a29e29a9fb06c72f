namespace Sentinela.Client;

/// <summary>Whether an outbreak is still going on. JSON "active"/"resolved"; MessagePack the name or 0/1.</summary>
public enum AlertStatus
{
    Active,
    Resolved,
}

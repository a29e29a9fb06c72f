namespace Sentinela.Server.Alerts;

/// <summary>Moderate: share above threshold; High: at least twice the threshold; Critical: three times, with at least 20 cases.</summary>
public enum AlertSeverity
{
    Moderate,
    High,
    Critical,
}

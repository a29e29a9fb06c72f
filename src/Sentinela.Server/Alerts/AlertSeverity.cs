namespace Sentinela.Server.Alerts;

/// <summary>
/// Graded by the corrected p-value of the alert's excess and by its size (see DetectionOptions): Moderate (yellow,
/// p &lt; 0.05), High (red, p &lt; 0.01), Critical (red, and the excess both large and several times the expected).
/// </summary>
public enum AlertSeverity
{
    Moderate,
    High,
    Critical,
}

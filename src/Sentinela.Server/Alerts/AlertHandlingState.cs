namespace Sentinela.Server.Alerts;

/// <summary>
/// Where an alert stands in the health team's workflow: received (nobody has acted yet) → acknowledged → verifying →
/// confirmed or discarded → closed. Rows written before the workflow existed said "Investigating"; they now read as Verifying.
/// </summary>
public enum AlertHandlingState
{
    Received,
    Acknowledged,
    Verifying,
    Confirmed,
    Discarded,
    Closed,
}

namespace Sentinela.Server.Alerts.Workflow;

/// <summary>
/// An alert's clock: when it was raised and when the workflow first reached each milestone (verified = confirmed or
/// discarded, and which of the two), and when it was escalated for want of an acknowledgement. Durations are measured from <see cref="RaisedAt"/>.
/// </summary>
public sealed record AlertClock(
    DateTimeOffset RaisedAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? VerifyingAt,
    DateTimeOffset? VerifiedAt,
    DateTimeOffset? ClosedAt,
    DateTimeOffset? EscalatedAt,
    AlertHandlingState State,
    AlertHandlingState? VerifiedAs)
{
    public static AlertClock Of(OutbreakAlert alert, IReadOnlyList<AlertHandling> steps, DateTimeOffset? escalatedAt) => new(
        alert.RaisedAt,
        First(steps, AlertHandlingState.Acknowledged),
        First(steps, AlertHandlingState.Verifying),
        First(steps, AlertHandlingState.Confirmed, AlertHandlingState.Discarded),
        First(steps, AlertHandlingState.Closed),
        escalatedAt,
        AlertWorkflow.Current(steps),
        steps.FirstOrDefault(s => s.State is AlertHandlingState.Confirmed or AlertHandlingState.Discarded)?.State);

    public TimeSpan? TimeToAcknowledge => AcknowledgedAt - RaisedAt;
    public TimeSpan? TimeToVerify => VerifiedAt - RaisedAt;
    public TimeSpan? TimeToClose => ClosedAt - RaisedAt;

    static DateTimeOffset? First(IReadOnlyList<AlertHandling> steps, params AlertHandlingState[] states) =>
        steps.FirstOrDefault(s => states.Contains(s.State))?.At;
}

namespace Sentinela.Server.Alerts.Workflow;

/// <summary>The workflow's transitions: which state may follow which, and which steps must say why.</summary>
public static class AlertWorkflow
{
    public static IReadOnlyList<AlertHandlingState> Next(AlertHandlingState from) => from switch
    {
        AlertHandlingState.Received => [AlertHandlingState.Acknowledged],
        AlertHandlingState.Acknowledged => [AlertHandlingState.Verifying],
        AlertHandlingState.Verifying => [AlertHandlingState.Confirmed, AlertHandlingState.Discarded],
        AlertHandlingState.Confirmed or AlertHandlingState.Discarded => [AlertHandlingState.Closed],
        _ => [],
    };

    /// <summary>The state after the steps taken so far (oldest first): the last step's, or received.</summary>
    public static AlertHandlingState Current(IReadOnlyList<AlertHandling> steps) => steps.Count == 0 ? AlertHandlingState.Received : steps[^1].State;

    /// <summary>A verification outcome and the closing are decisions someone must be able to justify later.</summary>
    public static bool NeedsNote(AlertHandlingState state) =>
        state is AlertHandlingState.Confirmed or AlertHandlingState.Discarded or AlertHandlingState.Closed;
}

namespace Sentinela.Client;

/// <summary>The values of <see cref="AlertEvent.EventType"/> and of <see cref="WatchArea.EventTypes"/>.</summary>
public static class AlertEventTypes
{
    public const string Raised = "raised";
    public const string Updated = "updated";
    public const string Resolved = "resolved";

    public static IReadOnlyList<string> All { get; } = [Raised, Updated, Resolved];
}

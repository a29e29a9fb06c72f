namespace Sentinela.Server.Storage;

/// <summary>
/// An alert append refused because its decision-lease fencing token is below one the log has already seen: the lease
/// expired while its holder was paused, another instance decided since, and this decision rests on a stale view.
/// </summary>
public sealed class StaleFenceException(long fence, long seen)
    : InvalidOperationException($"Alert append under fencing token {fence} refused: the log has seen token {seen}.")
{
    public long Fence { get; } = fence;
    public long Seen { get; } = seen;
}

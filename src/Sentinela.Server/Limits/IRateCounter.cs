namespace Sentinela.Server.Limits;

/// <summary>
/// Sliding-window permit counts shared by every instance (distributed mode: Redis), so instances behind a load balancer
/// allow a limit once between them, not once each. Not registered in embedded mode, where the in-process limiters count.
/// </summary>
public interface IRateCounter
{
    /// <summary>
    /// Takes <paramref name="permits"/> (at most <paramref name="limit"/>) from the partition's window: null when taken,
    /// else how long until they would fit. Never fails for an outage: the implementation then counts on this instance.
    /// </summary>
    ValueTask<TimeSpan?> TryTakeAsync(string partition, int permits, int limit, TimeSpan window, CancellationToken ct);
}

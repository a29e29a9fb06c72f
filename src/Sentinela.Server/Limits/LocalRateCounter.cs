using System.Threading.RateLimiting;

namespace Sentinela.Server.Limits;

/// <summary>
/// <see cref="IRateCounter"/> in this process only: .NET's sliding-window limiter, one per partition. The count of embedded
/// mode, and of an instance while the shared counter does not answer.
/// </summary>
public sealed class LocalRateCounter : IRateCounter, IDisposable
{
    /// <summary>The window slides in sixths: a permit frees up at most a sixth of a window late.</summary>
    public const int SegmentsPerWindow = 6;

    readonly PartitionedRateLimiter<(string Partition, int Limit, TimeSpan Window)> _limiter =
        PartitionedRateLimiter.Create<(string Partition, int Limit, TimeSpan Window), (string, int, TimeSpan)>(key =>
            RateLimitPartition.GetSlidingWindowLimiter(key, k => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = k.Item2,
                Window = k.Item3,
                SegmentsPerWindow = SegmentsPerWindow,
                QueueLimit = 0,
            }));

    public ValueTask<TimeSpan?> TryTakeAsync(string partition, int permits, int limit, TimeSpan window, CancellationToken ct)
    {
        using var lease = _limiter.AttemptAcquire((partition, limit, window), permits);
        if (lease.IsAcquired) return ValueTask.FromResult<TimeSpan?>(null);
        return ValueTask.FromResult<TimeSpan?>(lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : window / SegmentsPerWindow);
    }

    public void Dispose() => _limiter.Dispose();
}

using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Sentinela.Server.Limits;

/// <summary>
/// Hemograms per minute per laboratory. The ASP.NET Core rate-limiting middleware takes one permit per request, but a
/// Bundle carries many hemograms, so ingestion asks this partitioned sliding-window limiter for one permit per entry.
/// </summary>
public sealed class IngestionQuota(IOptions<LimitsOptions> options, LimitsMetrics metrics) : IDisposable
{
    readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(lab =>
        RateLimitPartition.GetSlidingWindowLimiter(lab, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = options.Value.HemogramsPerMinutePerLab,
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 6,
            QueueLimit = 0,
        }));

    public int PerMinute => options.Value.HemogramsPerMinutePerLab;

    /// <summary>Null when the lab may submit this many hemograms (at most <see cref="PerMinute"/>) now, else how long to wait.</summary>
    public TimeSpan? TryTake(string lab, int hemograms)
    {
        using var lease = _limiter.AttemptAcquire(lab, hemograms);
        if (lease.IsAcquired) return null;
        metrics.Rejected(LimitsMetrics.Ingestion);
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(10);
    }

    public void Dispose() => _limiter.Dispose();
}

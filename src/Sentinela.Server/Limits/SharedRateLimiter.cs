using System.Diagnostics;
using System.Threading.RateLimiting;

namespace Sentinela.Server.Limits;

/// <summary>
/// One partition's limiter for the ASP.NET Core rate-limiting middleware whose count lives in an <see cref="IRateCounter"/>
/// shared by the instances. .NET ships no such limiter and the Redis-backed packages are not available here, so this
/// adapter is small on purpose: the window arithmetic is in the counter.
/// </summary>
public sealed class SharedRateLimiter(IRateCounter counter, string partition, int limit, TimeSpan window) : RateLimiter
{
    static readonly RateLimitLease Granted = new Lease(true, null);

    long _lastUsed = Stopwatch.GetTimestamp();

    /// <summary>The count is not kept here, so an idle limiter may be dropped by the partitioned limiter at any time.</summary>
    public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Volatile.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    /// <summary>The shared count needs a round trip: refusing the synchronous attempt sends the middleware to <see cref="AcquireAsyncCore"/>.</summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => new Lease(false, null);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken ct)
    {
        Volatile.Write(ref _lastUsed, Stopwatch.GetTimestamp());
        if (permitCount == 0) return Granted;
        var wait = await counter.TryTakeAsync(partition, permitCount, limit, window, ct);
        return wait is null ? Granted : new Lease(false, wait);
    }

    sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}

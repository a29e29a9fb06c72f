using System.Threading.RateLimiting;

namespace Sentinela.Server.Observability;

/// <summary>
/// Where expected refusals are logged (a refused hub call, a rejected rest-hook event, a request Kestrel refused): one
/// Information line each without a stack trace, at most <see cref="LinesPerMinute"/> lines a minute per instance, the
/// next line saying how many were left out. A client in a loop would otherwise write a line per request; the refusals
/// are all counted in metrics anyway. Errors are for faults.
/// </summary>
public sealed partial class RefusalLog(ILogger<RefusalLog> logger) : IDisposable
{
    public const int LinesPerMinute = 20;

    readonly TokenBucketRateLimiter _lines = new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = LinesPerMinute,
        TokensPerPeriod = LinesPerMinute,
        ReplenishmentPeriod = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    });
    long _suppressed;

    /// <param name="what">What was refused, with whose it was ("hub call Subscribe on connection … of user …").</param>
    public void Refused(string what, string reason)
    {
        using var line = _lines.AttemptAcquire();
        if (!line.IsAcquired)
        {
            Interlocked.Increment(ref _suppressed);
            return;
        }
        Refusal(logger, what, reason, Interlocked.Exchange(ref _suppressed, 0));
    }

    public void Dispose() => _lines.Dispose();

    [LoggerMessage(EventId = 9003, Level = LogLevel.Information, Message = "Refused {What}: {Reason} ({Suppressed} earlier refusals not logged)")]
    static partial void Refusal(ILogger logger, string what, string reason, long suppressed);
}

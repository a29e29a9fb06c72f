using Microsoft.Extensions.Options;

namespace Sentinela.Server.Limits;

/// <summary>
/// Hemograms per minute per laboratory. The ASP.NET Core rate-limiting middleware takes one permit per request, but a
/// Bundle carries many hemograms, so ingestion asks for one permit per entry: from the window all instances share in
/// distributed mode (<see cref="IRateCounter"/>), else from a sliding window in this process.
/// </summary>
public sealed class IngestionQuota(IOptions<LimitsOptions> options, LimitsMetrics metrics, IRateCounter? shared = null) : IDisposable
{
    readonly LocalRateCounter _local = new();

    public int PerMinute => options.Value.HemogramsPerMinutePerLab;

    /// <summary>Null when the lab may submit this many hemograms (at most <see cref="PerMinute"/>) now, else how long to wait.</summary>
    public async ValueTask<TimeSpan?> TryTakeAsync(string lab, int hemograms, CancellationToken ct)
    {
        var wait = await (shared ?? _local).TryTakeAsync("lab:" + lab, hemograms, PerMinute, TimeSpan.FromMinutes(1), ct);
        if (wait is not null) metrics.Rejected(LimitsMetrics.Ingestion);
        return wait;
    }

    public void Dispose() => _local.Dispose();
}

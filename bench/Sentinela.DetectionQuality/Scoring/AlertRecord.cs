using Sentinela.Server.Alerts;
using Sentinela.Server.Analysis.Backtesting;

namespace Sentinela.DetectionQuality.Scoring;

/// <summary>What the scorer needs of one alert version: which alert, its condition, when it was published, its status and footprint.</summary>
public sealed record AlertRecord(
    Guid Id,
    string Condition,
    bool Active,
    DateTimeOffset PublishedAt,
    DateTimeOffset RaisedAt,
    DateTimeOffset? ResolvedAt,
    IReadOnlySet<int> Footprint)
{
    public static AlertRecord From(BacktestAlertVersion version)
    {
        var a = version.Alert;
        return new AlertRecord(a.Id, a.Condition?.ToString() ?? "feed-silence", a.Status == AlertStatus.Active, a.UpdatedAt, a.RaisedAt, a.ResolvedAt,
            version.Footprint.ToHashSet());
    }

    /// <summary>Reads the lines <c>sentinela-server backtest</c> writes.</summary>
    public static async Task<List<AlertRecord>> ReadAsync(string path, CancellationToken ct)
    {
        var records = new List<AlertRecord>();
        await foreach (var line in File.ReadLinesAsync(path, ct))
            if (!string.IsNullOrWhiteSpace(line)) records.Add(From(BacktestAlertVersion.Parse(line)));
        return records;
    }
}

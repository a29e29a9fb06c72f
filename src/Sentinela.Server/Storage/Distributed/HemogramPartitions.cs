using System.Collections.Concurrent;

namespace Sentinela.Server.Storage.Distributed;

/// <summary>
/// Makes sure the monthly hemogram partitions exist before rows are copied into them. There is no default partition: a
/// month's partition is created on first use (or ahead of time at start-up), by ensure_hemogram_partition in its own
/// short transaction, and remembered here so the check costs nothing afterwards.
/// </summary>
sealed class HemogramPartitions(PostgresDatabase database)
{
    readonly ConcurrentDictionary<DateOnly, bool> _known = new();

    public static DateOnly MonthOf(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return new DateOnly(utc.Year, utc.Month, 1);
    }

    public async Task EnsureAsync(IEnumerable<DateOnly> months, CancellationToken ct)
    {
        foreach (var month in months.Distinct())
        {
            if (_known.ContainsKey(month)) continue;
            await using var c = await database.OpenAsync(ct);
            await c.ExecuteAsync("SELECT ensure_hemogram_partition(@month);", ct, ("month", month));
            _known[month] = true;
        }
    }

    /// <summary>Last month, this month and <paramref name="ahead"/> more: month boundaries then never wait on DDL.</summary>
    public Task EnsureAroundAsync(DateTimeOffset now, int ahead, CancellationToken ct) =>
        EnsureAsync(Enumerable.Range(-1, ahead + 2).Select(i => MonthOf(now).AddMonths(i)), ct);
}

using Sentinela.Server.Analysis.Counting;

namespace Sentinela.Server.Analysis.Silence;

/// <summary>
/// Hemograms each laboratory delivered per hour of receipt over the last weeks, and where they came from. Filled from the
/// store's laboratory-hour counters (live) or by adding hemograms (backtest). Not thread-safe: one decider owns it.
/// </summary>
public sealed class LabHours
{
    readonly Dictionary<string, Dictionary<long, int>> _hours = [];
    readonly Dictionary<string, int> _municipality = [];

    public IEnumerable<string> Labs => _hours.Keys;

    public void Add(string lab, long hour, int hemograms, int municipality)
    {
        if (!_hours.TryGetValue(lab, out var hours)) _hours[lab] = hours = [];
        hours[hour] = hours.GetValueOrDefault(hour) + hemograms;
        _municipality[lab] = municipality;
    }

    public void Add(in CountChange change)
    {
        if (change.Lab is { } lab && change.Sign > 0) Add(lab, change.ReceivedHour, 1, change.Municipality);
    }

    /// <summary>Replaces what is held from <paramref name="fromHour"/> on by the store's counters.</summary>
    public void Replace(long fromHour, IEnumerable<LabHourCount> counts)
    {
        foreach (var hours in _hours.Values)
            foreach (var hour in hours.Keys.Where(h => h >= fromHour).ToList()) hours.Remove(hour);
        foreach (var c in counts) Add(c.Lab, c.Hour, c.Hemograms, c.Municipality);
    }

    /// <summary>Forgets hours before <paramref name="hour"/>.</summary>
    public void Prune(long hour)
    {
        foreach (var hours in _hours.Values)
            foreach (var h in hours.Keys.Where(h => h < hour).ToList()) hours.Remove(h);
    }

    /// <summary>Hemograms delivered in the hours [from, to).</summary>
    public int Between(string lab, long from, long to)
    {
        if (!_hours.TryGetValue(lab, out var hours)) return 0;
        var total = 0;
        foreach (var (hour, n) in hours)
            if (hour >= from && hour < to) total += n;
        return total;
    }

    public int MunicipalityOf(string lab) => _municipality.GetValueOrDefault(lab);
}

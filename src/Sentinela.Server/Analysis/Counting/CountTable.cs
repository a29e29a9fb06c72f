namespace Sentinela.Server.Analysis.Counting;

/// <summary>
/// The counts collective analysis decides on: per municipality, a ring of the last <see cref="Days"/> days, each day a row
/// laid out as <see cref="CountSlots"/>. Filled from the counters the analysis outbox maintains (live) or by adding
/// hemograms directly (backtest); either way the detectors read the same table. Not thread-safe: one decider owns it.
/// </summary>
public sealed class CountTable(int days, int lastDay)
{
    readonly Dictionary<int, int[]> _rows = [];

    public int Days { get; } = days > 0 ? days : throw new ArgumentOutOfRangeException(nameof(days));
    public int LastDay { get; private set; } = lastDay;
    public int FirstDay => LastDay - Days + 1;

    /// <summary>Municipalities with any row in the table (possibly all zero after their days moved out).</summary>
    public IEnumerable<int> Municipalities => _rows.Keys;

    /// <summary>Moves the window so that <paramref name="lastDay"/> is its last day; days that enter it start empty.</summary>
    public void MoveTo(int lastDay)
    {
        if (lastDay <= LastDay) return;
        var entering = Math.Min(Days, lastDay - LastDay);
        foreach (var ring in _rows.Values)
            for (var d = lastDay - entering + 1; d <= lastDay; d++) Slot(ring, d).Clear();
        LastDay = lastDay;
    }

    public void Add(in CountChange change)
    {
        if (change.Day < FirstDay || change.Day > LastDay) return;
        change.AddTo(Slot(RingOf(change.Municipality), change.Day));
    }

    /// <summary>Sets one municipality-day to the counters a store holds for it.</summary>
    public void Set(int municipality, int day, ReadOnlySpan<int> row)
    {
        if (day < FirstDay || day > LastDay) return;
        row.CopyTo(Slot(RingOf(municipality), day));
    }

    /// <summary>Empties every municipality's days from <paramref name="fromDay"/> on, before a store's rows for them are set again.</summary>
    public void Clear(int fromDay)
    {
        foreach (var ring in _rows.Values)
            for (var d = Math.Max(fromDay, FirstDay); d <= LastDay; d++) Slot(ring, d).Clear();
    }

    /// <summary>One municipality-day; all zeros when nothing was counted.</summary>
    public ReadOnlySpan<int> Row(int municipality, int day) =>
        day < FirstDay || day > LastDay || !_rows.TryGetValue(municipality, out var ring) ? Empty : Slot(ring, day);

    public int Value(int municipality, int day, int slot) => Row(municipality, day)[slot];

    /// <summary>Whether the municipality counted any hemogram from <paramref name="fromDay"/> to the last day.</summary>
    public bool HasData(int municipality, int fromDay)
    {
        for (var d = Math.Max(fromDay, FirstDay); d <= LastDay; d++)
            if (Value(municipality, d, CountSlots.Hemograms) > 0) return true;
        return false;
    }

    static readonly int[] Empty = new int[CountSlots.Width];

    int[] RingOf(int municipality)
    {
        if (!_rows.TryGetValue(municipality, out var ring)) _rows[municipality] = ring = new int[Days * CountSlots.Width];
        return ring;
    }

    Span<int> Slot(int[] ring, int day) => ring.AsSpan(((day % Days + Days) % Days) * CountSlots.Width, CountSlots.Width);
}

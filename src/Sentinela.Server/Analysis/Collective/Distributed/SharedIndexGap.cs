namespace Sentinela.Server.Analysis.Collective.Distributed;

/// <summary>
/// Since when the shared index and region windows may be missing hemograms: the earliest moment Redis dropped an add or
/// the connection failed. <see cref="SharedIndexCatchUp"/> takes it once Redis answers and re-adds what was received since.
/// </summary>
public sealed class SharedIndexGap
{
    readonly Lock _lock = new();
    DateTimeOffset? _since;

    public DateTimeOffset? Since
    {
        get
        {
            lock (_lock) return _since;
        }
    }

    /// <summary>Hemograms received from <paramref name="at"/> on may be missing (an earlier open gap keeps its start).</summary>
    public void Open(DateTimeOffset at)
    {
        lock (_lock)
            if (_since is null || at < _since) _since = at;
    }

    /// <summary>Takes the gap to close it; a catch-up that fails gives it back with <see cref="Open"/>.</summary>
    public DateTimeOffset? Take()
    {
        lock (_lock)
        {
            var since = _since;
            _since = null;
            return since;
        }
    }
}

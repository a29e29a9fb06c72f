namespace Sentinela.Server.Storage.Distributed.Redis;

/// <summary>
/// The alert log sequences this instance has delivered to its own subscribers: all up to <see cref="Watermark"/>, and the
/// few above it that came out of order (two instances commit 5 and 6, and 6 reaches the stream first). A version arrives
/// by up to three paths (this instance's publish, the Redis stream, the alert log after an outage); only the first to
/// claim its sequence delivers it, so each instance's subscribers see it exactly once.
/// </summary>
public sealed class DeliveredSequences
{
    readonly Lock _lock = new();
    readonly SortedSet<long> _above = [];
    long _watermark;

    public long Watermark
    {
        get
        {
            lock (_lock) return _watermark;
        }
    }

    /// <summary>Versions logged before this instance started are not delivered live: its clients resume them from the log.</summary>
    public void StartAfter(long sequence)
    {
        lock (_lock)
        {
            _watermark = Math.Max(_watermark, sequence);
            _above.RemoveWhere(s => s <= _watermark);
            Advance();
        }
    }

    /// <summary>True once per sequence: the caller delivers it.</summary>
    public bool TryClaim(long sequence)
    {
        lock (_lock)
        {
            if (sequence <= _watermark || !_above.Add(sequence)) return false;
            Advance();
            return true;
        }
    }

    void Advance()
    {
        while (_above.Remove(_watermark + 1)) _watermark++;
    }
}

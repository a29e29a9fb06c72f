namespace Sentinela.Server.Delivery;

/// <summary>
/// One connection's alert events sent and not yet acknowledged. The client acknowledges cumulatively (the highest
/// sequence it has processed), so an ack removes every pending event up to it; closing, acking and finding what is due
/// cost this connection's pending events only. Entries share the <see cref="AlertEvent"/> the fan-out serialised once.
/// </summary>
public sealed class PendingDeliveries
{
    readonly Lock _gate = new();
    readonly List<Entry> _entries = [];
    long _ackedUpTo;
    long _progressAt;
    int _count;

    /// <summary>One sent event: when (Stopwatch timestamps), which attempt, and when the hemogram behind it arrived.</summary>
    public readonly record struct Entry(AlertEvent Event, long SentAt, DateTimeOffset DeliveredAt, DateTimeOffset? CauseReceivedAt);

    public int Count => Volatile.Read(ref _count);

    /// <summary>The highest sequence the client acknowledged.</summary>
    public long AckedUpTo => Volatile.Read(ref _ackedUpTo);

    public void Add(AlertEvent e, long sentAt, DateTimeOffset deliveredAt, DateTimeOffset? causeReceivedAt)
    {
        lock (_gate)
        {
            // A resend of the same version replaces its entry, so it is acknowledged or failed once.
            var i = _entries.FindIndex(x => x.Event.Alert.Id == e.Alert.Id && x.Event.Alert.Version == e.Alert.Version);
            if (i >= 0) _entries[i] = _entries[i] with { Event = e, SentAt = sentAt };
            else _entries.Add(new Entry(e, sentAt, deliveredAt, causeReceivedAt));
            _count = _entries.Count;
        }
    }

    /// <summary>Removes what the ack covers into <paramref name="acked"/>; the connection counts as making progress.</summary>
    public void AckUpTo(long sequence, long now, List<Entry> acked)
    {
        lock (_gate)
        {
            if (sequence > _ackedUpTo) _ackedUpTo = sequence;
            var kept = 0;
            for (var i = 0; i < _entries.Count; i++)
            {
                if (_entries[i].Event.Sequence <= sequence) acked.Add(_entries[i]);
                else _entries[kept++] = _entries[i];
            }
            if (kept == _entries.Count) return;
            _entries.RemoveRange(kept, _entries.Count - kept);
            _count = kept;
            _progressAt = now;
        }
    }

    /// <summary>
    /// Events unacknowledged for <paramref name="timeout"/> since they were sent and since the client last acknowledged
    /// anything: a client whose acks still advance is busy with what it was sent, not lost.
    /// </summary>
    public void Due(long now, long timeout, List<Entry> due)
    {
        if (Count == 0) return;
        lock (_gate)
        {
            if (now - _progressAt < timeout) return;
            foreach (var entry in _entries)
                if (now - entry.SentAt >= timeout) due.Add(entry);
        }
    }

    /// <summary>Drops these entries: their last attempt went unacknowledged.</summary>
    public void Remove(IReadOnlyCollection<Entry> entries)
    {
        lock (_gate)
        {
            foreach (var entry in entries)
                _entries.RemoveAll(x => x.Event.Alert.Id == entry.Event.Alert.Id && x.Event.Alert.Version == entry.Event.Alert.Version);
            _count = _entries.Count;
        }
    }

    public List<Entry> TakeAll()
    {
        lock (_gate)
        {
            List<Entry> all = [.. _entries];
            _entries.Clear();
            _count = 0;
            return all;
        }
    }
}

namespace Sentinela.Client;

/// <summary>
/// The last <see cref="Capacity"/> alert versions seen, as (alert id, version) pairs, least recently seen evicted first.
/// Delivery is at-least-once (retries, replays after a resume), so this is what makes the app see each version once.
/// Not thread-safe: the client serialises access.
/// </summary>
public sealed class RecentAlertSet
{
    readonly Dictionary<(Guid AlertId, int Version), LinkedListNode<(Guid AlertId, int Version)>> _index;
    // Most recently seen first.
    readonly LinkedList<(Guid AlertId, int Version)> _order = new();

    public RecentAlertSet(int capacity = 100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _index = new(capacity);
    }

    public int Capacity { get; }
    public int Count => _index.Count;

    public bool Contains(Guid alertId, int version) => _index.ContainsKey((alertId, version));

    /// <summary>
    /// Records the pair as the most recently seen. True if it was new (evicting the least recently seen pair when full);
    /// false if it was already there, which only refreshes it.
    /// </summary>
    public bool TryAdd(Guid alertId, int version)
    {
        var key = (alertId, version);
        if (_index.TryGetValue(key, out var node))
        {
            _order.Remove(node);
            _order.AddFirst(node);
            return false;
        }
        if (_index.Count == Capacity)
        {
            var oldest = _order.Last!;
            _order.RemoveLast();
            _index.Remove(oldest.Value);
        }
        _index.Add(key, _order.AddFirst(key));
        return true;
    }
}

namespace Sentinela.Client;

/// <summary>One alert version as delivered over the hub (server method <c>alert</c>).</summary>
public sealed record AlertEvent
{
    /// <summary>The alert log's global sequence number of this event.</summary>
    public long Sequence { get; init; }
    /// <summary><see cref="AlertEventTypes.Raised"/>, <see cref="AlertEventTypes.Updated"/> or <see cref="AlertEventTypes.Resolved"/>.</summary>
    public string EventType { get; init; } = "";
    public OutbreakAlert Alert { get; init; } = new();
    /// <summary>True when sent by a resume, i.e. it happened while this client was away.</summary>
    public bool Replayed { get; init; }
    /// <summary>1 for the first delivery, 2..4 when the server resends an unacknowledged event.</summary>
    public int Attempt { get; init; }
}

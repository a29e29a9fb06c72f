namespace Sentinela.Server.Delivery;

/// <summary>Sent to every connection on an interval: proof of life, and the log's last sequence so a client can tell it is behind.</summary>
public sealed record Heartbeat(DateTimeOffset ServerTime, long LastSequence);

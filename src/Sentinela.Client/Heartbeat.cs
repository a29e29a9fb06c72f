namespace Sentinela.Client;

/// <summary>The server's periodic proof of life (server method <c>heartbeat</c>), with the alert log's last sequence.</summary>
public sealed record Heartbeat
{
    public DateTimeOffset ServerTime { get; init; }
    public long LastSequence { get; init; }
}

namespace Sentinela.Client;

/// <summary>
/// The server is about to close the connection on purpose (server method <c>reconnect</c>): <c>draining</c> (the
/// instance is stopping) or <c>rebalancing</c> (it holds more than its share). The client reconnects at a random moment
/// within <see cref="WithinMilliseconds"/> instead of after its back-off, and resumes where it was.
/// </summary>
public sealed record ReconnectRequest
{
    public string Reason { get; init; } = "";
    public int WithinMilliseconds { get; init; }
}

namespace Sentinela.Server.Delivery;

/// <summary>
/// Sent (client method <c>reconnect</c>) just before the server closes a connection on purpose: reconnect at a random
/// moment within <paramref name="WithinMilliseconds"/> (the balancer then picks the instance) and resume as usual.
/// </summary>
/// <param name="Reason"><c>draining</c> (the instance is stopping) or <c>rebalancing</c> (it holds more than its share).</param>
public sealed record ReconnectRequest(string Reason, int WithinMilliseconds);

namespace Sentinela.Server.Rebalancing;

/// <summary>Every live instance's hub connection count, shared through Redis.</summary>
public interface IConnectionCounts
{
    /// <summary>Publishes this instance's count (kept for <paramref name="expiry"/>) and returns every live instance's, this one's included.</summary>
    Task<IReadOnlyList<InstanceLoad>> ExchangeAsync(int connections, TimeSpan expiry, CancellationToken ct);

    /// <summary>Takes this instance out of the comparison (it is draining).</summary>
    Task WithdrawAsync(CancellationToken ct);
}

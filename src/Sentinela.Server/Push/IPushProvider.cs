namespace Sentinela.Server.Push;

/// <summary>A push service (Expo, FCM, APNs) that delivers one message to a batch of its own tokens.</summary>
public interface IPushProvider
{
    /// <summary>Which tokens this provider takes.</summary>
    PushTokenKind Kind { get; }

    /// <summary>False when its credentials are not configured; sends then fail without a request.</summary>
    bool IsConfigured { get; }

    /// <summary>The provider's circuit breaker, for routing, metrics and health.</summary>
    ProviderCircuit Circuit { get; }

    /// <summary>
    /// Sends <paramref name="message"/> to each target (at most <see cref="MaxBatch"/>, all of <see cref="Kind"/>) and
    /// returns one outcome per target, in the same order. Provider and network failures become outcomes, not exceptions.
    /// </summary>
    Task<IReadOnlyList<PushOutcome>> SendAsync(PushMessage message, IReadOnlyList<PushTarget> targets, CancellationToken ct);

    const int MaxBatch = 100;
}

namespace Sentinela.Server.Push;

/// <summary>The result of sending to one token.</summary>
/// <param name="ProviderMessageId">Expo ticket id, FCM message name or apns-id, when accepted.</param>
/// <param name="Reason">The provider's error code, or ours (e.g. <c>expo-unavailable</c>), when not accepted.</param>
/// <param name="ProviderUnavailable">The provider was not called because its circuit breaker is open.</param>
public sealed record PushOutcome(
    PushTarget Target,
    PushOutcomeKind Kind,
    string? ProviderMessageId = null,
    string? Reason = null,
    TimeSpan? RetryAfter = null,
    bool ProviderUnavailable = false)
{
    public static PushOutcome Accepted(PushTarget target, string? providerMessageId) => new(target, PushOutcomeKind.Accepted, providerMessageId);

    public static PushOutcome Retryable(PushTarget target, string reason, TimeSpan? retryAfter = null) =>
        new(target, PushOutcomeKind.Retryable, Reason: reason, RetryAfter: retryAfter);

    public static PushOutcome Dead(PushTarget target, string reason) => new(target, PushOutcomeKind.DeadToken, Reason: reason);

    public static PushOutcome Failed(PushTarget target, string reason) => new(target, PushOutcomeKind.Failed, Reason: reason);

    /// <summary>Retryable with reason <c>{provider}-unavailable</c>, the provider's breaker being open.</summary>
    public static PushOutcome Unavailable(PushTarget target, string provider, TimeSpan? retryAfter) =>
        new(target, PushOutcomeKind.Retryable, Reason: $"{provider}-unavailable", RetryAfter: retryAfter, ProviderUnavailable: true);
}

namespace Sentinela.Server.Push;

/// <summary>What became of one token in a send.</summary>
public enum PushOutcomeKind
{
    /// <summary>The provider took the message (Expo: a ticket whose receipt is still to come).</summary>
    Accepted,

    /// <summary>Not sent now; try again later, after <see cref="PushOutcome.RetryAfter"/> when the provider said.</summary>
    Retryable,

    /// <summary>The token no longer reaches a device and must be deleted.</summary>
    DeadToken,

    /// <summary>The provider refused this message for good; sending it again will not help.</summary>
    Failed,
}

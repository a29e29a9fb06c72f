namespace Sentinela.Server.Push;

/// <summary>A provider's health as its circuit breaker sees it.</summary>
public enum BreakerState
{
    /// <summary>Calls go through and the provider is trusted.</summary>
    Closed,

    /// <summary>Calls are refused without reaching the provider until the break ends.</summary>
    Open,

    /// <summary>Probing: Polly admits one trial call, or has closed but fewer than the required successes have followed.</summary>
    HalfOpen,
}

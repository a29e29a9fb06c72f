using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Push;

/// <summary>Sentinela:Push:Breaker — each provider has its own breaker with these settings.</summary>
public sealed class PushBreakerOptions
{
    /// <summary>A call slower than this is abandoned and counts as a failure.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Failures, with no success among them inside <see cref="SamplingDuration"/>, that open the breaker.</summary>
    [Range(2, 1000)] public int ConsecutiveFailures { get; set; } = 5;

    /// <summary>How far back the breaker looks when counting failures.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the breaker stays open; then one probe call is let through.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Successes after the probe before the provider is reported healthy again.</summary>
    [Range(1, 100)] public int SuccessesToClose { get; set; } = 3;
}

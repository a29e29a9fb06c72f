using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Draining;

/// <summary>Sentinela:Drain — what SIGTERM does before the process exits (see docs/OPERATIONS.md, "Stopping an instance").</summary>
public sealed class DrainOptions : IValidatableObject
{
    public const string Section = "Sentinela:Drain";

    /// <summary>
    /// From SIGTERM to the exit, at most: readiness grace, hub hand-over, in-flight requests and the background services'
    /// stop all fit inside. A service manager's own stop timeout (systemd TimeoutStopSec, Kubernetes
    /// terminationGracePeriodSeconds) should be longer.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")] public TimeSpan Budget { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long /health/ready answers 503 before anything else happens, so the balancer stops sending new work.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")] public TimeSpan ReadinessGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Hub clients asked to reconnect come back within this window, each at a random moment in it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")] public TimeSpan ReconnectSpread { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>What the background services get at the end of the budget to stop (flush receipts, release the lease).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")] public TimeSpan ServiceStop { get; set; } = TimeSpan.FromSeconds(2);

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (ReadinessGrace + ServiceStop >= Budget)
            yield return new ValidationResult(
                $"{Section}:ReadinessGrace ({ReadinessGrace}) plus ServiceStop ({ServiceStop}) must be shorter than Budget ({Budget}), leaving time for in-flight requests.",
                [nameof(ReadinessGrace), nameof(ServiceStop), nameof(Budget)]);
    }
}

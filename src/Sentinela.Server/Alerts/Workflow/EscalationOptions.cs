using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Alerts.Workflow;

/// <summary>Sentinela:Alerts:Escalation — when an alert nobody acknowledged is pushed to its state's coordinators.</summary>
public sealed class EscalationOptions : IValidatableObject
{
    public const string Section = "Sentinela:Alerts:Escalation";

    public bool Enabled { get; set; } = true;

    /// <summary>How long after its raising an alert may stay unacknowledged before it escalates.</summary>
    public TimeSpan AcknowledgeWithin { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the escalator looks for overdue alerts.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Alerts raised longer ago than this are never escalated: after a long outage, or on the first start with old
    /// unacknowledged alerts, a flood of stale escalations would bury the current ones.
    /// </summary>
    public TimeSpan MaxAlertAge { get; set; } = TimeSpan.FromDays(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (AcknowledgeWithin <= TimeSpan.Zero)
            yield return new ValidationResult("AcknowledgeWithin must be positive.", [nameof(AcknowledgeWithin)]);
        if (Interval <= TimeSpan.Zero || Interval > TimeSpan.FromHours(1))
            yield return new ValidationResult("Interval must be positive and at most an hour.", [nameof(Interval)]);
        if (MaxAlertAge <= AcknowledgeWithin)
            yield return new ValidationResult("MaxAlertAge must exceed AcknowledgeWithin, or no alert could ever escalate.", [nameof(MaxAlertAge)]);
    }
}

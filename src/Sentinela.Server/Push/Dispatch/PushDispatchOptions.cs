using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Push.Dispatch;

/// <summary>Sentinela:Push:Dispatch — who gets a push, when, and how the queue is worked.</summary>
public sealed class PushDispatchOptions
{
    public const string Section = "Sentinela:Push:Dispatch";

    public bool Enabled { get; set; } = true;

    /// <summary>Simultaneous: push as the alert is raised. OnMissingAck: push only to users without an acknowledging real-time session.</summary>
    public DeliveryPolicy Policy { get; set; } = DeliveryPolicy.Simultaneous;

    /// <summary>
    /// With OnMissingAck, how long a connected user has to acknowledge before the push goes anyway: the real-time retry
    /// window (first send + 3 resends 5 s apart).
    /// </summary>
    public TimeSpan AckWindow { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Alert versions older than this when enqueued (after downtime) are not pushed.</summary>
    public TimeSpan MaxAlertAge { get; set; } = TimeSpan.FromHours(1);

    [Range(1, 64)] public int Workers { get; set; } = 4;

    /// <summary>Devices per provider request (Expo takes at most 100).</summary>
    [Range(1, 100)] public int BatchSize { get; set; } = 100;

    /// <summary>Sends before a job is dead-lettered: the first and 5 retries (after 1, 2, 4, 8 and 16 s, jittered).</summary>
    [Range(1, 20)] public int MaxAttempts { get; set; } = 6;

    /// <summary>A claimed batch not completed within this time (its worker died) becomes due again.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often idle workers look for due jobs (retries, delayed ones); new jobs wake them at once.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long after sending Expo's receipts are read (Expo advises about 15 minutes), and how often the poller looks.</summary>
    public TimeSpan ReceiptDelay { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan ReceiptInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Apply each provider's MaxPerSecond; off only to measure the dispatcher itself.</summary>
    public bool RateLimits { get; set; } = true;
}

public enum DeliveryPolicy
{
    Simultaneous,
    OnMissingAck,
}

using System.Diagnostics;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Sentinela.Server.Delivery;
using Sentinela.Server.Observability;
using Sentinela.Server.Push.Devices;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Push.Dispatch;

/// <summary>
/// Works the push queue: parallel workers claim batches of one alert version (critical first), send them through
/// <see cref="PushRouter"/> under each provider's rate limit, and record every outcome: sent, retried with backoff,
/// dead-lettered with a reason, or skipped (device gone, or the user acknowledged in real time). On shutdown a worker
/// finishes and records the batch it is sending, so a stop loses no push and repeats none the provider accepted.
/// </summary>
public sealed class PushDispatcher(
    IPushQueue queue,
    PushRouter router,
    PushMetrics metrics,
    IDeviceStore devices,
    IDeliveryStore deliveries,
    IOptions<PushDispatchOptions> options,
    IOptions<PushOptions> push,
    TimeProvider time,
    ServiceInstance instance,
    ILogger<PushDispatcher> logger) : BackgroundService
{
    readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    readonly Lazy<Dictionary<PushTokenKind, (RateLimiter Limiter, int PerSecond)>> _limits = new(() => new()
    {
        [PushTokenKind.Expo] = PerSecond(push.Value.Expo.MaxPerSecond),
        [PushTokenKind.Fcm] = PerSecond(push.Value.Fcm.MaxPerSecond),
        [PushTokenKind.Apns] = PerSecond(push.Value.Apns.MaxPerSecond),
        [PushTokenKind.WebPush] = PerSecond(push.Value.WebPush.MaxPerSecond),
    });

    /// <summary>New jobs are due: wake the idle workers.</summary>
    public void Wake() => _wake.Release(options.Value.Workers);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => !options.Value.Enabled ? Task.CompletedTask :
        Task.WhenAll(Enumerable.Range(0, options.Value.Workers).Select(_ => Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None)));

    async Task WorkAsync(CancellationToken stopping)
    {
        var o = options.Value;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var batch = await queue.ClaimAsync(o.BatchSize, time.GetUtcNow(), o.Lease, stopping);
                if (batch is null)
                {
                    await _wake.WaitAsync(o.PollInterval, stopping);
                    continue;
                }
                // Not the stopping token: a batch being sent is finished and recorded before the worker exits.
                await queue.CompleteAsync(await SendAsync(batch), time.GetUtcNow(), CancellationToken.None);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                // The batch's lease runs out and it is claimed again; keep the worker alive.
                logger.LogError(e, "Push worker failed");
                await Task.Delay(o.PollInterval, CancellationToken.None);
            }
        }
    }

    async Task<List<PushJobResult>> SendAsync(ClaimedBatch batch)
    {
        var o = options.Value;
        var (alertId, version) = (batch.Jobs[0].Job.AlertId, batch.Jobs[0].Job.Version);
        var acked = batch.Jobs.Any(j => j.Job.CheckAck) ? await AckedUsersAsync(alertId, version) : [];
        var results = new List<PushJobResult>();
        var sendable = new List<(PushJob Job, Device Device)>();
        foreach (var (job, device) in batch.Jobs)
        {
            if (device is null) results.Add(new(job.Id, PushJobStatus.Skipped, "device-unregistered"));
            else if (job.CheckAck && acked.Contains(job.UserId.ToString())) results.Add(new(job.Id, PushJobStatus.Skipped, "acknowledged-in-real-time"));
            else if (job.Attempts > o.MaxAttempts) results.Add(new(job.Id, PushJobStatus.Dead, "lease-expired-too-often"));
            else sendable.Add((job, device));
        }
        if (sendable.Count == 0) return results;

        // A batch is its own trace: it runs later than the alert's, from the durable queue, so it links to the trace(s) that
        // queued its jobs rather than parenting under them.
        using var span = PushTracing.Source.StartActivity("push.send", ActivityKind.Internal, parentContext: default, links: LinksTo(sendable))
            ?.SetTag("sentinela.alert.id", alertId.ToString()).SetTag("sentinela.alert.version", version).SetTag("sentinela.push.devices", sendable.Count)
            .SetTag(ServiceInstance.Tag, instance.Id);
        IReadOnlyList<PushDelivery> sent;
        try
        {
            if (o.RateLimits) await TakePermitsAsync(sendable.Select(s => s.Device));
            sent = await router.SendAsync(sendable[0].Job.Message, sendable.Select(s => s.Device.ToRecipient()).ToList(), CancellationToken.None);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            logger.LogWarning(e, "Push batch for alert {AlertId} v{Version} failed as a whole", alertId, version);
            sent = sendable.Select(s => new PushDelivery(s.Device.ToRecipient(), PushOutcome.Retryable(s.Device.ToRecipient().Targets[0], e.GetType().Name))).ToList();
        }
        // Backoff counts from the failure, not from the claim.
        var answeredAt = time.GetUtcNow();
        for (var i = 0; i < sendable.Count; i++)
            results.Add(await ResultOfAsync(sendable[i].Job, sendable[i].Device, sent[i].Outcome, answeredAt));
        return results;
    }

    static List<ActivityLink> LinksTo(List<(PushJob Job, Device Device)> sendable)
    {
        var links = new List<ActivityLink>();
        foreach (var queuedBy in sendable.Select(s => s.Job.TraceParent).Distinct())
            if (ActivityContext.TryParse(queuedBy, null, out var context)) links.Add(new ActivityLink(context));
        return links;
    }

    async Task<PushJobResult> ResultOfAsync(PushJob job, Device device, PushOutcome outcome, DateTimeOffset now)
    {
        var provider = outcome.Target.Kind.ToString();
        if (outcome.Kind == PushOutcomeKind.Accepted) metrics.Sent(outcome.Target.Kind);
        else metrics.Failed(outcome.Target.Kind, outcome.Kind);
        switch (outcome.Kind)
        {
            case PushOutcomeKind.Accepted:
                return new(job.Id, PushJobStatus.Sent, Provider: provider, ProviderMessageId: outcome.ProviderMessageId, Token: outcome.Target.Token);
            case PushOutcomeKind.DeadToken:
                await devices.RemoveTokenAsync(outcome.Target, CancellationToken.None);
                // Another token of the same device may still work: try it at once.
                return device.ToRecipient().Targets.Count > 1
                    ? new(job.Id, PushJobStatus.Pending, $"{provider} token dead: {outcome.Reason}", RetryAt: now)
                    : new(job.Id, PushJobStatus.Dead, $"{provider} token dead: {outcome.Reason}", Provider: provider);
            case PushOutcomeKind.Failed:
                return new(job.Id, PushJobStatus.Dead, outcome.Reason, Provider: provider);
            default:
                if (job.Attempts >= options.Value.MaxAttempts)
                    return new(job.Id, PushJobStatus.Dead, $"gave up after {job.Attempts} attempts: {outcome.Reason}", Provider: provider);
                var backoff = PushBackoff.Delay(job.Attempts, Random.Shared.NextDouble());
                var wait = outcome.RetryAfter is { } hint && hint > backoff ? hint : backoff;
                return new(job.Id, PushJobStatus.Pending, outcome.Reason, RetryAt: now + wait, Provider: provider);
        }
    }

    async Task<HashSet<string>> AckedUsersAsync(Guid alertId, int version) =>
        (await deliveries.ForAlertAsync(alertId, CancellationToken.None))
            .Where(r => r.Version == version && r.Status == DeliveryStatus.Acked).Select(r => r.Recipient).ToHashSet();

    async Task TakePermitsAsync(IEnumerable<Device> batch)
    {
        // Charged to the provider each device tries first; a bucket holds one second of permits, so take at most that at once.
        foreach (var group in batch.GroupBy(d => d.ToRecipient().Targets[0].Kind))
        {
            var (limiter, perSecond) = _limits.Value[group.Key];
            for (var left = group.Count(); left > 0; left -= perSecond)
            {
                using var lease = await limiter.AcquireAsync(Math.Min(left, perSecond));
            }
        }
    }

    static (RateLimiter, int) PerSecond(int permits) => (new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
    {
        TokenLimit = permits,
        TokensPerPeriod = permits,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = int.MaxValue,
        AutoReplenishment = true,
    }), permits);

    public override void Dispose()
    {
        if (_limits.IsValueCreated) foreach (var (limiter, _) in _limits.Value.Values) limiter.Dispose();
        _wake.Dispose();
        base.Dispose();
    }
}

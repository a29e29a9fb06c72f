using System.Diagnostics;
using Microsoft.Extensions.Options;
using Sentinela.Server.Alerts;
using StackExchange.Redis;

namespace Sentinela.Server.Storage.Distributed.Redis;

/// <summary>
/// Carries each logged alert version once to every instance. The publisher delivers to its own subscribers at once
/// (inside the publish span, and still when Redis is away) and appends the version to a Redis stream; every other
/// instance reads the stream from where it stands and delivers each entry it did not publish, so each instance's
/// subscribers see a version exactly once.
/// A stream rather than pub/sub: pub/sub drops whatever is published while a subscriber reconnects, a stream keeps it
/// (trimmed to about <see cref="DistributedStorageOptions.AlertStreamMaxLength"/>, the recent alert history) and a reader
/// carries on from its last id. StackExchange.Redis multiplexes one connection and refuses blocking commands (XREAD BLOCK),
/// so readers poll with plain XREAD, woken at once by a pub/sub nudge and otherwise every AlertPollInterval.
/// Redis is the fast path, not what makes delivery complete: the alert log's sequence is gap-free across instances, so
/// every AlertLogCheckInterval an instance compares the log's last sequence with what it delivered and takes any version
/// still missing one interval later from the log (one published while Redis was away, one trimmed off the stream, one
/// whose publisher died after logging it). <see cref="DeliveredSequences"/> makes whichever path comes first the only one.
/// </summary>
public sealed class RedisAlertBus(
    IConnectionMultiplexer redis,
    RedisInstance instance,
    AlertSubscribers subscribers,
    IAlertStore alerts,
    IOptions<DistributedStorageOptions> options,
    TimeProvider clock,
    ILogger<RedisAlertBus> logger) : BackgroundService, IAlertBus
{
    const string Field = "m";
    const int ReadBatch = 100;
    const string FromLog = "alert-log";
    static readonly RedisChannel Nudge = RedisChannel.Literal(RedisKeys.AlertNudge);

    readonly WakeSignal _nudges = new();
    readonly DeliveredSequences _delivered = new();
    RedisValue? _position;
    long? _behindUpTo;

    public async ValueTask PublishAsync(PublishedAlert published, CancellationToken ct)
    {
        using var span = InProcessAlertBus.StartPublishSpan(published.Alert);
        published = published with { TraceParent = Activity.Current?.Id };
        var message = new AlertBusMessage(instance.Id, published.Alert, published.CauseReceivedAt, published.TraceParent).Serialize();
        // Not awaited: while Redis is away a command waits in StackExchange.Redis's backlog (sent in order once it is back,
        // or failed after the timeout), and the lab's request and this instance's own clients must not wait with it.
        _ = SendAsync(message, published.Alert);
        if (_delivered.TryClaim(published.Alert.Sequence)) await subscribers.DeliverAsync(published, span, ct);
    }

    public IDisposable Subscribe(Func<PublishedAlert, CancellationToken, ValueTask> handler) => subscribers.Add(handler);

    async Task SendAsync(byte[] message, OutbreakAlert alert)
    {
        try
        {
            await redis.GetDatabase().StreamAddAsync(RedisKeys.AlertStream, Field, message,
                maxLength: options.Value.AlertStreamMaxLength, useApproximateMaxLength: true);
            await redis.GetSubscriber().PublishAsync(Nudge, RedisValue.EmptyString);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The version is in the alert log: clients of other instances get it when they resume, push catches up at start-up.
            logger.LogError(e, "Alert {AlertId} v{Version} not sent to the other instances", alert.Id, alert.Version);
        }
    }

    public override async Task StartAsync(CancellationToken ct)
    {
        // "$" taken before the server takes traffic, so nothing published once this instance is up is missed.
        await TryStartPositionAsync();
        _delivered.StartAfter(await alerts.LastSequenceAsync(ct));
        await base.StartAsync(ct);
    }

    protected override Task ExecuteAsync(CancellationToken stop) => Task.WhenAll(ReadStreamAsync(stop), CheckLogAsync(stop));

    async Task ReadStreamAsync(CancellationToken stop)
    {
        var subscribed = false;
        while (!stop.IsCancellationRequested)
        {
            var full = false;
            try
            {
                // Once subscribed, StackExchange.Redis renews the subscription itself after a reconnect.
                if (!subscribed) await redis.GetSubscriber().SubscribeAsync(Nudge, (_, _) => _nudges.Set());
                subscribed = true;
                if (_position is not null || await TryStartPositionAsync()) full = await ReadAsync(stop);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                logger.LogWarning(e, "Reading the alert stream failed; retrying");
            }
            if (!full) await _nudges.WaitAsync(options.Value.AlertPollInterval, stop);
        }
    }

    async Task<bool> TryStartPositionAsync()
    {
        try
        {
            var last = await redis.GetDatabase().StreamRangeAsync(RedisKeys.AlertStream, "-", "+", 1, Order.Descending);
            _position = last.Length > 0 ? last[0].Id : "0-0";
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Redis unavailable; the alert stream will be read once it answers");
            return false;
        }
    }

    /// <summary>Delivers the next entries; true when a whole batch came (more may be waiting).</summary>
    async Task<bool> ReadAsync(CancellationToken stop)
    {
        var entries = await redis.GetDatabase().StreamReadAsync(RedisKeys.AlertStream, _position!.Value, ReadBatch);
        foreach (var entry in entries)
        {
            _position = entry.Id;
            if (Decode(entry) is { } message && message.Origin != instance.Id && _delivered.TryClaim(message.Alert.Sequence))
                await DeliverAsync(message, stop);
        }
        return entries.Length == ReadBatch;
    }

    AlertBusMessage? Decode(StreamEntry entry)
    {
        try
        {
            return AlertBusMessage.Deserialize((byte[])entry[Field]!);
        }
        catch (Exception e) when (e is MessagePack.MessagePackSerializationException or ArgumentNullException)
        {
            logger.LogError(e, "Unreadable alert stream entry {EntryId} skipped", entry.Id.ToString());
            return null;
        }
    }

    async Task DeliverAsync(AlertBusMessage message, CancellationToken stop)
    {
        // The consumer span continues the publisher's trace: one alert, one trace, across instances.
        ActivityContext.TryParse(message.TraceParent, null, out var parent);
        using var span = AlertsTracing.Source.StartActivity("alerts.receive", ActivityKind.Consumer, parent)
            ?.SetAlertTags(message.Alert).SetTag("sentinela.bus.origin", message.Origin).SetTag(Observability.ServiceInstance.Tag, instance.Id);
        await subscribers.DeliverAsync(message.ToPublished(), span, stop);
    }

    async Task CheckLogAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(options.Value.AlertLogCheckInterval, clock);
        while (await timer.WaitForNextTickAsync(stop))
        {
            try
            {
                await CatchUpFromLogAsync(stop);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Comparing the alert log with what this instance delivered failed; retrying");
            }
        }
    }

    /// <summary>
    /// Delivers from the log what was noticed missing one check ago and is still missing: the wait leaves a version that is
    /// merely on its way (logged, not yet published or read from the stream) to the fast path, with its trace and cause.
    /// </summary>
    async Task CatchUpFromLogAsync(CancellationToken stop)
    {
        var last = await alerts.LastSequenceAsync(stop);
        if (_behindUpTo is { } upTo)
        {
            var after = _delivered.Watermark;
            while (after < upTo)
            {
                var missed = await alerts.EventsAfterAsync(after, ReadBatch, stop);
                if (missed.Count == 0) break;
                foreach (var alert in missed.TakeWhile(a => a.Sequence <= upTo))
                    if (_delivered.TryClaim(alert.Sequence))
                    {
                        logger.LogInformation("Alert {AlertId} v{Version} (sequence {Sequence}) delivered from the alert log: the bus did not bring it",
                            alert.Id, alert.Version, alert.Sequence);
                        await DeliverAsync(new AlertBusMessage(FromLog, alert, null, null), stop);
                    }
                after = missed[^1].Sequence;
            }
            _behindUpTo = null;
        }
        if (last > _delivered.Watermark) _behindUpTo = last;
    }
}

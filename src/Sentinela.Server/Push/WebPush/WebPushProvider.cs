using System.Net;
using System.Text.Json;
using Lib.Net.Http.WebPush;
using Lib.Net.Http.WebPush.Authentication;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Sentinela.Server.Push.WebPush;

/// <summary>
/// Web Push to browsers (RFC 8030), one POST per subscription to its push service, the payload encrypted for the
/// browser (RFC 8291, aes128gcm) and signed with the server's VAPID key (RFC 8292). Lib.Net.Http.WebPush does the
/// protocol and the cryptography; this class adds the breaker and turns the push service's answers into outcomes:
/// 404/410 is a dead subscription, 429 and 5xx are retried (after Retry-After when given).
/// </summary>
public sealed class WebPushProvider : IPushProvider, IDisposable
{
    public const string Name = "webpush";
    public const string HttpClientName = "push-webpush";

    readonly IHttpMessageHandlerFactory _handlers;
    readonly IOptions<PushOptions> _options;
    readonly TimeProvider _clock;
    readonly VapidAuthentication _vapid;

    public WebPushProvider(IHttpMessageHandlerFactory handlers, IOptions<PushOptions> options, VapidKeys keys, TimeProvider clock)
    {
        (_handlers, _options, _clock) = (handlers, options, clock);
        Circuit = new(Name, options.Value.Breaker, clock);
        _vapid = new VapidAuthentication(keys.PublicKey, keys.PrivateKey)
        {
            Subject = options.Value.WebPush.Subject,
            TokenCache = new VapidTokenCache(clock),
        };
    }

    public PushTokenKind Kind => PushTokenKind.WebPush;
    public bool IsConfigured => true;
    public ProviderCircuit Circuit { get; }

    public async Task<IReadOnlyList<PushOutcome>> SendAsync(PushMessage message, IReadOnlyList<PushTarget> targets, CancellationToken ct)
    {
        PushBatch.Check(targets, Kind);
        if (targets.Count == 0) return [];
        var payload = JsonSerializer.Serialize(WebPushPayload.For(message), PushJsonContext.Default.WebPushPayload);
        // The breaker's call timeout applies inside; this outer client must not cut it shorter.
        using var http = new HttpClient(new VapidAudienceHandler(_vapid, new CircuitHandler(Circuit, _handlers.CreateHandler(HttpClientName))))
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var client = new PushServiceClient(http)
        {
            // Retry-After is the dispatcher's business (it reschedules the job), not a wait inside a batch.
            AutoRetryAfter = false,
        };
        var outcomes = new PushOutcome[targets.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, targets.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _options.Value.WebPush.MaxParallelRequests, CancellationToken = ct },
            async (i, cancel) => outcomes[i] = await SendAsync(client, message, payload, targets[i], cancel));
        return outcomes;
    }

    async Task<PushOutcome> SendAsync(PushServiceClient client, PushMessage message, string payload, PushTarget target, CancellationToken ct)
    {
        var subscription = target.Subscription!;
        var request = new Lib.Net.Http.WebPush.PushMessage(payload)
        {
            // A later version of the alert replaces an undelivered earlier one at the push service (at most 32 characters).
            Topic = message.AlertId.ToString("N"),
            TimeToLive = (int)_options.Value.TimeToLive.TotalSeconds,
            Urgency = message.Priority == PushPriority.Critical ? PushMessageUrgency.High : PushMessageUrgency.Normal,
        };
        var to = new PushSubscription { Endpoint = subscription.Endpoint };
        to.SetKey(PushEncryptionKeyName.P256DH, subscription.P256dh);
        to.SetKey(PushEncryptionKeyName.Auth, subscription.Auth);
        try
        {
            await client.RequestPushMessageDeliveryAsync(to, request, _vapid, VapidAuthenticationScheme.Vapid, ct);
            return PushOutcome.Accepted(target, null);
        }
        catch (PushServiceClientException e)
        {
            return Outcome(target, e);
        }
        catch (BrokenCircuitException e)
        {
            return PushOutcome.Unavailable(target, Name, e.RetryAfter);
        }
        catch (TimeoutRejectedException)
        {
            return PushOutcome.Retryable(target, $"{Name}-timeout");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return PushOutcome.Retryable(target, $"{Name}-unreachable");
        }
    }

    PushOutcome Outcome(PushTarget target, PushServiceClientException e)
    {
        var reason = $"{Name}-http-{(int)e.StatusCode}";
        // 404 and 410: the browser unsubscribed or the subscription expired (RFC 8030 §6.2, 7.3).
        if (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone) return PushOutcome.Dead(target, reason);
        // 401/403: our VAPID signature was refused, which an operator can fix; the rest of 4xx will not change on resend.
        if (ProviderResponse.IsTransient(e.StatusCode) || e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            return PushOutcome.Retryable(target, reason, RetryAfter(e));
        return PushOutcome.Failed(target, reason);
    }

    TimeSpan? RetryAfter(PushServiceClientException e) => e.Headers?.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } when date > _clock.GetUtcNow() => date - _clock.GetUtcNow(),
        _ => null,
    };

    public void Dispose() => _vapid.Dispose();
}

using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Sentinela.Server.Push.Apns;

/// <summary>
/// Apple Push Notification service, direct over HTTP/2 with a .p8 token: the fallback for iOS devices when Expo is down.
/// One request (stream) per device token, a bounded number at a time on the shared connection.
/// </summary>
public sealed class ApnsPushProvider : IPushProvider
{
    public const string Name = "apns";
    public const string HttpClientName = "push-apns";

    readonly IHttpClientFactory _http;
    readonly IOptions<PushOptions> _options;
    readonly TimeProvider _clock;
    readonly ApnsProviderToken? _providerToken;

    public ApnsPushProvider(IHttpClientFactory http, IOptions<PushOptions> options, TimeProvider clock)
    {
        (_http, _options, _clock) = (http, options, clock);
        var apns = options.Value.Apns;
        var pem = !string.IsNullOrWhiteSpace(apns.PrivateKey) ? apns.PrivateKey
            : !string.IsNullOrWhiteSpace(apns.PrivateKeyFile) ? File.ReadAllText(apns.PrivateKeyFile) : null;
        if (pem is not null && !string.IsNullOrWhiteSpace(apns.Topic) && !string.IsNullOrWhiteSpace(apns.TeamId) && !string.IsNullOrWhiteSpace(apns.KeyId))
        {
            var key = ECDsa.Create();
            key.ImportFromPem(pem);
            _providerToken = new ApnsProviderToken(apns.TeamId, apns.KeyId, key, apns.TokenLifetime, clock);
        }
        Circuit = new ProviderCircuit(Name, options.Value.Breaker, clock);
    }

    public PushTokenKind Kind => PushTokenKind.Apns;
    public bool IsConfigured => _providerToken is not null;
    public ProviderCircuit Circuit { get; }

    public async Task<IReadOnlyList<PushOutcome>> SendAsync(PushMessage message, IReadOnlyList<PushTarget> targets, CancellationToken ct)
    {
        PushBatch.Check(targets, Kind);
        if (_providerToken is null) return PushBatch.NotConfigured(targets, Name);
        var client = _http.CreateClient(HttpClientName);
        var push = _options.Value;
        var payload = new ApnsPayload(new ApnsAps(new ApnsAlert(message.Title, message.Body), push.Sound, message.CollapseKey),
            message.AlertId.ToString(), message.Data["version"]);
        var expiration = (_clock.GetUtcNow() + push.TimeToLive).ToUnixTimeSeconds();
        var providerToken = _providerToken.Current();
        return await PushBatch.SendEachAsync(targets, push.Apns.MaxParallelRequests, Circuit, client,
            target => Request(message, target, payload, providerToken, expiration, push),
            (target, response, cancel) => OutcomeAsync(target, providerToken, response, cancel), ct);
    }

    /// <summary>
    /// The same alert version to the same device always gets the same apns-id (a name-based UUIDv8 over SHA-256), so a
    /// resend after a lost answer can be recognised as a duplicate.
    /// </summary>
    public static Guid ApnsId(PushMessage message, PushTarget target)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{message.AlertId:N}|{message.Version}|{target.Token}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    static HttpRequestMessage Request(PushMessage message, PushTarget target, ApnsPayload payload, string providerToken, long expiration, PushOptions push)
    {
        // APNs speaks HTTP/2 only; RequestVersionExact also makes plain http use HTTP/2 with prior knowledge (h2c).
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(push.Apns.BaseUrl), $"/3/device/{target.Token}"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = JsonContent.Create(payload, PushJsonContext.Default.ApnsPayload),
        };
        var headers = request.Headers;
        headers.TryAddWithoutValidation("authorization", $"bearer {providerToken}");
        headers.Add("apns-topic", push.Apns.Topic);
        headers.Add("apns-push-type", "alert");
        headers.Add("apns-priority", message.Priority == PushPriority.Critical ? "10" : "5");
        headers.Add("apns-collapse-id", message.CollapseKey);
        headers.Add("apns-id", ApnsId(message, target).ToString());
        headers.Add("apns-expiration", expiration.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return request;
    }

    async Task<PushOutcome> OutcomeAsync(PushTarget target, string providerToken, HttpResponseMessage response, CancellationToken ct)
    {
        if (response.StatusCode == HttpStatusCode.OK)
            return PushOutcome.Accepted(target, response.Headers.TryGetValues("apns-id", out var ids) ? ids.FirstOrDefault() : null);
        var reason = (await ProviderResponse.ReadJsonAsync(response, PushJsonContext.Default.ApnsError, ct))?.Reason ?? $"apns-http-{(int)response.StatusCode}";
        if (response.StatusCode == HttpStatusCode.Gone || reason is "BadDeviceToken" or "Unregistered") return PushOutcome.Dead(target, reason);
        if (reason == "ExpiredProviderToken")
        {
            _providerToken?.Expired(providerToken);
            return PushOutcome.Retryable(target, reason);
        }
        // InvalidProviderToken and the like are configuration an operator can fix; the alert should wait, not be dropped.
        if (ProviderResponse.IsTransient(response.StatusCode) || response.StatusCode == HttpStatusCode.Forbidden)
            return PushOutcome.Retryable(target, reason, ProviderResponse.RetryAfter(response, _clock));
        // BadCollapseId, PayloadTooLarge, DeviceTokenNotForTopic, TopicDisallowed: this message will not go through.
        return PushOutcome.Failed(target, reason);
    }
}

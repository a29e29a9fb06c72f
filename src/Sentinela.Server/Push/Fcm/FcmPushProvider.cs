using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Sentinela.Server.Push.Fcm;

/// <summary>
/// Firebase Cloud Messaging HTTP v1, direct: the fallback for Android devices when Expo is down. HTTP v1 has no
/// multicast, so a batch is one request per token, a bounded number at a time.
/// </summary>
public sealed class FcmPushProvider : IPushProvider
{
    public const string Name = "fcm";
    public const string HttpClientName = "push-fcm";

    readonly IHttpClientFactory _http;
    readonly IOptions<PushOptions> _options;
    readonly TimeProvider _clock;
    readonly ServiceAccount? _account;
    readonly GoogleAccessToken? _accessToken;

    public FcmPushProvider(IHttpClientFactory http, IOptions<PushOptions> options, TimeProvider clock)
    {
        (_http, _options, _clock) = (http, options, clock);
        _account = ServiceAccount.From(options.Value.Fcm);
        _accessToken = _account is null ? null : new GoogleAccessToken(_account, clock);
        Circuit = new ProviderCircuit(Name, options.Value.Breaker, clock);
    }

    public PushTokenKind Kind => PushTokenKind.Fcm;
    public bool IsConfigured => _account is not null;
    public ProviderCircuit Circuit { get; }

    public async Task<IReadOnlyList<PushOutcome>> SendAsync(PushMessage message, IReadOnlyList<PushTarget> targets, CancellationToken ct)
    {
        PushBatch.Check(targets, Kind);
        if (_account is null || _accessToken is null) return PushBatch.NotConfigured(targets, Name);
        if (targets.Count == 0) return [];
        var client = _http.CreateClient(HttpClientName);
        var (accessToken, failure) = await _accessToken.GetAsync(client, Circuit, ct);
        if (accessToken is null) return targets.Select(failure.Failure).ToList();

        var push = _options.Value;
        var uri = new Uri(new Uri(push.Fcm.BaseUrl), $"/v1/projects/{Uri.EscapeDataString(_account.ProjectId)}/messages:send");
        return await PushBatch.SendEachAsync(targets, push.Fcm.MaxParallelRequests, Circuit, client,
            target => new HttpRequestMessage(HttpMethod.Post, uri)
            {
                Content = JsonContent.Create(new FcmSendRequest(Message(message, target, push)), PushJsonContext.Default.FcmSendRequest),
                Headers = { Authorization = ProviderResponse.Bearer(accessToken) },
            },
            (target, response, cancel) => OutcomeAsync(target, accessToken, response, cancel), ct);
    }

    static FcmMessage Message(PushMessage message, PushTarget target, PushOptions push)
    {
        var critical = message.Priority == PushPriority.Critical;
        return new FcmMessage(
            target.Token,
            new FcmNotification(message.Title, message.Body),
            message.Data,
            new FcmAndroidConfig(critical ? "HIGH" : "NORMAL", message.CollapseKey, $"{(long)push.TimeToLive.TotalSeconds}s"),
            // FCM forwards these to APNs for iOS devices registered with FCM.
            new FcmApnsConfig(new Dictionary<string, string>
            {
                ["apns-collapse-id"] = message.CollapseKey,
                ["apns-priority"] = critical ? "10" : "5",
            }));
    }

    async Task<PushOutcome> OutcomeAsync(PushTarget target, string accessToken, HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            var sent = await ProviderResponse.ReadJsonAsync(response, PushJsonContext.Default.FcmSendResponse, ct);
            return string.IsNullOrEmpty(sent?.Name) ? PushOutcome.Retryable(target, "fcm-malformed-response") : PushOutcome.Accepted(target, sent.Name);
        }
        var error = (await ProviderResponse.ReadJsonAsync(response, PushJsonContext.Default.FcmErrorResponse, ct))?.Error;
        var code = error?.Details?.FirstOrDefault(d => !string.IsNullOrEmpty(d.ErrorCode))?.ErrorCode ?? error?.Status ?? $"fcm-http-{(int)response.StatusCode}";
        if (response.StatusCode == HttpStatusCode.NotFound || code == "UNREGISTERED") return PushOutcome.Dead(target, code);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            _accessToken?.Invalidate(accessToken);
            return PushOutcome.Retryable(target, code);
        }
        if (ProviderResponse.IsTransient(response.StatusCode)) return PushOutcome.Retryable(target, code, ProviderResponse.RetryAfter(response, _clock));
        // INVALID_ARGUMENT, SENDER_ID_MISMATCH, THIRD_PARTY_AUTH_ERROR: this message to this token will not go through.
        return PushOutcome.Failed(target, code);
    }
}

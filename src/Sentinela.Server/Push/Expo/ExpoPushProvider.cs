using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Sentinela.Server.Push.Expo;

/// <summary>
/// Expo's push service: a batch is one POST of up to 100 messages answered by one ticket each; receipts, fetched later
/// by ticket id, tell whether FCM/APNs took the message and which tokens are dead.
/// </summary>
public sealed class ExpoPushProvider(IHttpClientFactory http, IOptions<PushOptions> options, TimeProvider clock) : IPushProvider
{
    public const string Name = "expo";
    public const string HttpClientName = "push-expo";

    /// <summary>Expo's limit on ids per getReceipts request.</summary>
    const int MaxReceiptIds = 1000;

    public PushTokenKind Kind => PushTokenKind.Expo;
    public bool IsConfigured => true;
    public ProviderCircuit Circuit { get; } = new(Name, options.Value.Breaker, clock);

    public async Task<IReadOnlyList<PushOutcome>> SendAsync(PushMessage message, IReadOnlyList<PushTarget> targets, CancellationToken ct)
    {
        PushBatch.Check(targets, Kind);
        if (targets.Count == 0) return [];
        var push = options.Value;
        var messages = targets.Select(t => new ExpoMessage(
            t.Token, message.Title, message.Body, message.Data,
            message.Priority == PushPriority.Critical ? "high" : "default",
            push.Sound, (long)push.TimeToLive.TotalSeconds,
            string.IsNullOrEmpty(push.Expo.ChannelId) ? null : push.Expo.ChannelId)).ToList();

        var call = await ProviderCall.SendAsync(Circuit, http.CreateClient(HttpClientName),
            () => Post("/--/api/v2/push/send", JsonContent.Create(messages, PushJsonContext.Default.ListExpoMessage)), ct);
        if (call.Response is null) return targets.Select(call.Failure).ToList();
        using var response = call.Response;

        var body = await ProviderResponse.ReadJsonAsync(response, PushJsonContext.Default.ExpoSendResponse, ct);
        if (!response.IsSuccessStatusCode || body?.Data is null)
            return WholeRequestFailed(targets, response, body?.Errors);
        if (body.Data.Count != targets.Count)
            return targets.Select(t => PushOutcome.Retryable(t, "expo-malformed-response")).ToList();
        return targets.Select((t, i) => Outcome(t, body.Data[i], acceptedId: body.Data[i].Id)).ToList();
    }

    /// <summary>
    /// Receipts for the given tickets, keyed by ticket id. A ticket without a receipt yet (Expo keeps them about a day,
    /// and they appear within minutes) is absent, and so is every ticket when Expo cannot be asked now: poll again later.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, PushOutcome>> GetReceiptsAsync(IReadOnlyList<PushTicket> tickets, CancellationToken ct)
    {
        var receipts = new Dictionary<string, PushOutcome>();
        foreach (var chunk in tickets.Chunk(MaxReceiptIds))
        {
            var request = new ExpoReceiptsRequest(chunk.Select(t => t.Id).ToList());
            var call = await ProviderCall.SendAsync(Circuit, http.CreateClient(HttpClientName),
                () => Post("/--/api/v2/push/getReceipts", JsonContent.Create(request, PushJsonContext.Default.ExpoReceiptsRequest)), ct);
            if (call.Response is null) break;
            using var response = call.Response;
            var body = await ProviderResponse.ReadJsonAsync(response, PushJsonContext.Default.ExpoReceiptsResponse, ct);
            if (!response.IsSuccessStatusCode || body?.Data is null) continue;
            foreach (var ticket in chunk)
                if (body.Data.TryGetValue(ticket.Id, out var receipt))
                    receipts[ticket.Id] = Outcome(ticket.Target, receipt, acceptedId: ticket.Id);
        }
        return receipts;
    }

    HttpRequestMessage Post(string path, HttpContent content)
    {
        var expo = options.Value.Expo;
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(expo.BaseUrl), path)) { Content = content };
        request.Headers.Accept.ParseAdd("application/json");
        if (!string.IsNullOrEmpty(expo.AccessToken)) request.Headers.Authorization = ProviderResponse.Bearer(expo.AccessToken);
        return request;
    }

    /// <summary>Tickets and receipts share a shape: ok, or an error whose details name the cause.</summary>
    static PushOutcome Outcome(PushTarget target, ExpoTicket ticket, string? acceptedId) => ticket switch
    {
        { Status: "ok" } when !string.IsNullOrEmpty(acceptedId) => PushOutcome.Accepted(target, acceptedId),
        { Status: "error", Details.Error: "DeviceNotRegistered" } => PushOutcome.Dead(target, "DeviceNotRegistered"),
        { Status: "error", Details.Error: "MessageRateExceeded" } => PushOutcome.Retryable(target, "MessageRateExceeded"),
        // MessageTooBig, MismatchSenderId, InvalidCredentials: sending the same message again changes nothing.
        { Status: "error" } => PushOutcome.Failed(target, ticket.Details?.Error ?? ticket.Message ?? "expo-error"),
        _ => PushOutcome.Retryable(target, "expo-malformed-response"),
    };

    /// <summary>
    /// The whole request was refused: a malformed request (400, 413) fails for good; rate limiting, server trouble and
    /// credentials an operator can fix are worth retrying.
    /// </summary>
    IReadOnlyList<PushOutcome> WholeRequestFailed(IReadOnlyList<PushTarget> targets, HttpResponseMessage response, List<ExpoRequestError>? errors)
    {
        var reason = errors?.FirstOrDefault()?.Code
            ?? (response.IsSuccessStatusCode ? "expo-malformed-response" : $"expo-http-{(int)response.StatusCode}");
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge)
            return targets.Select(t => PushOutcome.Failed(t, reason)).ToList();
        var retryAfter = ProviderResponse.RetryAfter(response, clock);
        return targets.Select(t => PushOutcome.Retryable(t, reason, retryAfter)).ToList();
    }
}

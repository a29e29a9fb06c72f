using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Sentinela.Tests.Push.Fakes;

/// <summary>
/// Expo's push API: send (an array of at most 100 messages, one ticket each) and getReceipts (by ticket id), with
/// dead tokens, per-message rate limiting, an optional required access token and a malformed-answer switch.
/// </summary>
public sealed partial class FakeExpoServer : FakeProviderServer
{
    readonly ConcurrentDictionary<string, string> _ticketTokens = new();

    /// <summary>Tokens whose ticket says DeviceNotRegistered.</summary>
    public ConcurrentDictionary<string, bool> DeadTokens { get; } = new();

    /// <summary>Tokens accepted at send time whose receipt later says DeviceNotRegistered.</summary>
    public ConcurrentDictionary<string, bool> DeadOnReceipt { get; } = new();

    /// <summary>Tokens whose ticket says MessageRateExceeded.</summary>
    public ConcurrentDictionary<string, bool> RateLimitedTokens { get; } = new();

    /// <summary>When set, requests without "Authorization: Bearer {this}" are refused.</summary>
    public string? RequiredAccessToken { get; set; }

    /// <summary>Answers 200 with a body that is not JSON.</summary>
    public bool Malformed { get; set; }

    /// <summary>Every message accepted by the send endpoint, as sent.</summary>
    public ConcurrentQueue<JsonObject> Messages { get; } = new();

    public static async Task<FakeExpoServer> StartAsync()
    {
        var server = new FakeExpoServer();
        await server.StartAsync(HttpProtocols.Http1AndHttp2, app =>
        {
            app.MapPost("/--/api/v2/push/send", server.SendAsync);
            app.MapPost("/--/api/v2/push/getReceipts", server.ReceiptsAsync);
        });
        return server;
    }

    async Task<IResult> SendAsync(HttpRequest request)
    {
        if (Refused(request) is { } refused) return refused;
        if (await JsonNode.ParseAsync(request.Body) is not JsonArray messages || messages.Count is 0 or > 100
            || messages.Any(m => m is not JsonObject o || !ValidMessage(o)))
            return Error(400, "VALIDATION_ERROR", "\"value\" must be an array of 1 to 100 valid messages");
        if (Malformed) return Results.Text("{\"data\": [", "application/json");

        var tickets = new JsonArray();
        foreach (var message in messages.Cast<JsonObject>())
        {
            var to = message["to"]!.GetValue<string>();
            Messages.Enqueue((JsonObject)message.DeepClone());
            if (DeadTokens.ContainsKey(to)) tickets.Add(TicketError(to, "DeviceNotRegistered"));
            else if (RateLimitedTokens.ContainsKey(to)) tickets.Add(TicketError(to, "MessageRateExceeded"));
            else
            {
                var id = Guid.NewGuid().ToString();
                _ticketTokens[id] = to;
                tickets.Add(new JsonObject { ["status"] = "ok", ["id"] = id });
            }
        }
        return Results.Json(new JsonObject { ["data"] = tickets });
    }

    async Task<IResult> ReceiptsAsync(HttpRequest request)
    {
        if (Refused(request) is { } refused) return refused;
        if ((await JsonNode.ParseAsync(request.Body))?["ids"] is not JsonArray ids || ids.Count > 1000)
            return Error(400, "VALIDATION_ERROR", "\"ids\" must be an array of at most 1000 ids");
        var receipts = new JsonObject();
        foreach (var id in ids.Select(i => i?.GetValue<string>()).OfType<string>())
            if (_ticketTokens.TryGetValue(id, out var token))
                receipts[id] = DeadOnReceipt.ContainsKey(token) ? TicketError(token, "DeviceNotRegistered") : new JsonObject { ["status"] = "ok" };
        return Results.Json(new JsonObject { ["data"] = receipts });
    }

    IResult? Refused(HttpRequest request) =>
        RequiredAccessToken is not null && request.Headers.Authorization != $"Bearer {RequiredAccessToken}"
            ? Error(401, "UNAUTHORIZED", "The bearer token is invalid.")
            : null;

    static bool ValidMessage(JsonObject m) =>
        m["to"] is JsonValue to && to.TryGetValue<string>(out var token) && ExpoToken().IsMatch(token)
        && m["title"] is JsonValue && m["body"] is JsonValue
        && m["priority"]?.GetValue<string>() is null or "default" or "normal" or "high"
        && m["data"] is null or JsonObject
        && m.All(p => KnownFields.Contains(p.Key));

    static readonly HashSet<string> KnownFields =
        ["to", "title", "subtitle", "body", "data", "priority", "sound", "ttl", "expiration", "badge", "channelId", "categoryId", "mutableContent", "interruptionLevel"];

    static JsonObject TicketError(string token, string error) => new()
    {
        ["status"] = "error",
        ["message"] = $"\"{token}\" failed: {error}",
        ["details"] = new JsonObject { ["error"] = error, ["expoPushToken"] = token },
    };

    static IResult Error(int status, string code, string message) =>
        Results.Json(new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["code"] = code, ["message"] = message }) }, statusCode: status);

    [GeneratedRegex(@"^Expo(nent)?PushToken\[[^\]]+\]$")]
    private static partial Regex ExpoToken();
}

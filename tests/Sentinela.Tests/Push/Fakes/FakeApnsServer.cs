using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Sentinela.Tests.Push.Fakes;

/// <summary>
/// APNs over HTTP/2 without TLS (prior knowledge): checks the ES256 provider token against the test key, the required
/// headers and a 64-hex device token; answers 200 with apns-id, or Apple's status and reason (410 Unregistered, …).
/// </summary>
public sealed class FakeApnsServer : FakeProviderServer
{
    public const string TeamId = "TEAM123456";
    public const string KeyId = "KEY1234567";
    public const string Topic = "br.gov.sentinela.app";

    readonly ECDsa _publicKey;
    readonly TimeProvider _clock;

    FakeApnsServer(ECDsa publicKey, TimeProvider clock) => (_publicKey, _clock) = (publicKey, clock);

    /// <summary>Device tokens answered 410 Unregistered.</summary>
    public ConcurrentDictionary<string, bool> DeadTokens { get; } = new();

    /// <summary>Distinct provider tokens (JWTs) it accepted.</summary>
    public ConcurrentDictionary<string, bool> ProviderTokens { get; } = new();

    /// <summary>Payloads it accepted, as sent.</summary>
    public ConcurrentQueue<JsonObject> Payloads { get; } = new();

    public static async Task<FakeApnsServer> StartAsync(ECDsa publicKey, TimeProvider? clock = null)
    {
        var server = new FakeApnsServer(publicKey, clock ?? TimeProvider.System);
        await server.StartAsync(HttpProtocols.Http2, app => app.MapPost("/3/device/{token}", server.SendAsync));
        return server;
    }

    async Task<IResult> SendAsync(HttpRequest request, HttpResponse response, string token)
    {
        if (request.Protocol != "HTTP/2") return Reason(400, "BadRequest");
        var headers = request.Headers;
        var authorization = headers.Authorization.ToString();
        var jwt = SignedJwt.Read(authorization.StartsWith("bearer ") ? authorization["bearer ".Length..] : null,
            (data, signature) => _publicKey.VerifyData(data, signature, HashAlgorithmName.SHA256));
        if (jwt is null || jwt.HeaderString("alg") != "ES256" || jwt.HeaderString("kid") != KeyId || jwt.ClaimString("iss") != TeamId)
            return Reason(403, "InvalidProviderToken");
        if (jwt.ClaimNumber("iat") is not { } iat || _clock.GetUtcNow().ToUnixTimeSeconds() - iat > 3600) return Reason(403, "ExpiredProviderToken");
        if (headers["apns-topic"] != Topic) return Reason(400, "BadTopic");
        if (headers["apns-push-type"] != "alert") return Reason(400, "InvalidPushType");
        if (headers["apns-priority"].ToString() is not ("10" or "5")) return Reason(400, "BadPriority");
        if (headers["apns-collapse-id"].ToString() is { Length: 0 or > 64 }) return Reason(400, "BadCollapseId");
        if (!Guid.TryParse(headers["apns-id"], out var apnsId)) return Reason(400, "BadMessageId");
        if (token.Length != 64 || !token.All(char.IsAsciiHexDigit)) return Reason(400, "BadDeviceToken");
        if (await JsonNode.ParseAsync(request.Body) is not JsonObject payload
            || payload["aps"]?["alert"] is not JsonObject alert || alert["title"] is not JsonValue || alert["body"] is not JsonValue)
            return Reason(400, "PayloadEmpty");
        ProviderTokens[authorization] = true;
        if (DeadTokens.ContainsKey(token))
            return Results.Json(new JsonObject { ["reason"] = "Unregistered", ["timestamp"] = _clock.GetUtcNow().ToUnixTimeMilliseconds() }, statusCode: 410);
        Payloads.Enqueue(payload);
        response.Headers["apns-id"] = apnsId.ToString().ToUpperInvariant();
        return Results.Ok();
    }

    static IResult Reason(int status, string reason) => Results.Json(new JsonObject { ["reason"] = reason }, statusCode: status);
}

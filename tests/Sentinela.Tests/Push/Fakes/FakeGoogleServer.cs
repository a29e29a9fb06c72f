using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Sentinela.Tests.Push.Fakes;

/// <summary>
/// Google's OAuth 2.0 token endpoint (JWT-bearer grant, assertion checked against the test service account's public
/// key) and FCM HTTP v1 messages:send (only with a token it issued, message shape checked), with dead and invalid tokens.
/// </summary>
public sealed class FakeGoogleServer : FakeProviderServer
{
    public const string ProjectId = "sentinela-test";
    public const string ClientEmail = "push@sentinela-test.iam.gserviceaccount.com";
    const string FcmScope = "https://www.googleapis.com/auth/firebase.messaging";

    readonly RSA _serviceAccountPublicKey;
    readonly ConcurrentDictionary<string, bool> _issuedTokens = new();
    int _tokensIssued;
    int _messages;

    FakeGoogleServer(RSA serviceAccountPublicKey) => _serviceAccountPublicKey = serviceAccountPublicKey;

    public string TokenUri => $"{BaseUrl}/token";
    public int TokensIssued => _tokensIssued;

    /// <summary>expires_in of the access tokens it issues.</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>Registration tokens answered 404 UNREGISTERED.</summary>
    public ConcurrentDictionary<string, bool> DeadTokens { get; } = new();

    /// <summary>Registration tokens answered 400 INVALID_ARGUMENT.</summary>
    public ConcurrentDictionary<string, bool> InvalidTokens { get; } = new();

    /// <summary>Assertions it accepted, decoded.</summary>
    public ConcurrentQueue<SignedJwt> Assertions { get; } = new();

    /// <summary>Messages it accepted, as sent (the "message" object).</summary>
    public ConcurrentQueue<JsonObject> Messages { get; } = new();

    public void RevokeIssuedTokens() => _issuedTokens.Clear();

    public static async Task<FakeGoogleServer> StartAsync(RSA serviceAccountPublicKey)
    {
        var server = new FakeGoogleServer(serviceAccountPublicKey);
        await server.StartAsync(HttpProtocols.Http1AndHttp2, app =>
        {
            app.MapPost("/token", server.TokenAsync);
            app.MapPost("/v1/projects/{project}/messages:send", server.SendAsync);
        });
        return server;
    }

    async Task<IResult> TokenAsync(HttpRequest request)
    {
        if (!request.HasFormContentType) return OAuthError("invalid_request");
        var form = await request.ReadFormAsync();
        if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer") return OAuthError("unsupported_grant_type");
        var assertion = SignedJwt.Read(form["assertion"],
            (data, signature) => _serviceAccountPublicKey.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (assertion is null || assertion.HeaderString("alg") != "RS256"
            || assertion.ClaimString("iss") != ClientEmail || assertion.ClaimString("aud") != TokenUri
            || assertion.ClaimString("scope")?.Split(' ').Contains(FcmScope) != true
            || assertion.ClaimNumber("iat") is not { } iat || assertion.ClaimNumber("exp") is not { } exp || exp <= iat || exp - iat > 3600)
            return OAuthError("invalid_grant");
        Assertions.Enqueue(assertion);
        var token = $"ya29.fake-{Interlocked.Increment(ref _tokensIssued)}";
        _issuedTokens[token] = true;
        return Results.Json(new JsonObject { ["access_token"] = token, ["expires_in"] = TokenLifetimeSeconds, ["token_type"] = "Bearer" });
    }

    async Task<IResult> SendAsync(HttpRequest request, string project)
    {
        var bearer = request.Headers.Authorization.ToString();
        if (!bearer.StartsWith("Bearer ") || !_issuedTokens.ContainsKey(bearer["Bearer ".Length..]))
            return FcmError(401, "UNAUTHENTICATED", null);
        if (project != ProjectId) return FcmError(403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH");
        if ((await JsonNode.ParseAsync(request.Body))?["message"] is not JsonObject message || !ValidMessage(message))
            return FcmError(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT");
        var token = message["token"]!.GetValue<string>();
        if (DeadTokens.ContainsKey(token)) return FcmError(404, "NOT_FOUND", "UNREGISTERED");
        if (InvalidTokens.ContainsKey(token)) return FcmError(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT");
        Messages.Enqueue((JsonObject)message.DeepClone());
        return Results.Json(new JsonObject { ["name"] = $"projects/{project}/messages/0:{Interlocked.Increment(ref _messages)}" });
    }

    /// <summary>The parts of the HTTP v1 message schema this backend uses; data values must be strings.</summary>
    static bool ValidMessage(JsonObject m) =>
        m["token"] is JsonValue token && token.GetValueKind() == System.Text.Json.JsonValueKind.String
        && m["notification"] is JsonObject notification && notification["title"] is JsonValue && notification["body"] is JsonValue
        && m["data"] is JsonObject data && data.All(d => d.Value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String)
        && m["android"] is JsonObject android && (android["priority"]?.GetValue<string>() is "HIGH" or "NORMAL")
        && android["collapse_key"] is JsonValue
        && (m["apns"] is null || m["apns"]?["headers"] is JsonObject);

    static IResult OAuthError(string error) => Results.Json(new JsonObject { ["error"] = error }, statusCode: 400);

    static IResult FcmError(int code, string status, string? errorCode) => Results.Json(new JsonObject
    {
        ["error"] = new JsonObject
        {
            ["code"] = code,
            ["message"] = status,
            ["status"] = status,
            ["details"] = errorCode is null ? new JsonArray() : new JsonArray(new JsonObject
            {
                ["@type"] = "type.googleapis.com/google.firebase.fcm.v1.FcmError",
                ["errorCode"] = errorCode,
            }),
        },
    }, statusCode: code);
}

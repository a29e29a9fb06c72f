using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Sentinela.Tests.Push.Fakes;

/// <summary>
/// A browser push service (RFC 8030) on loopback with the browsers subscribed to it. A push is accepted (201 Created
/// with a Location) only when the VAPID JWT checks out (RFC 8292: ES256 by the key in k, that key the one the
/// subscription was made with, aud the endpoint's origin, exp in the future and within 24 h, sub mailto: or https:),
/// TTL is given and the aes128gcm body decrypts with the subscription's own keys. Unknown subscriptions get 404,
/// expired ones 410 Gone; the base class injects 429 with Retry-After, 5xx and outages.
/// </summary>
public sealed class FakePushService : FakeProviderServer
{
    readonly ConcurrentDictionary<string, FakeBrowserSubscription> _subscriptions = new();
    readonly ConcurrentDictionary<string, bool> _expired = new();
    readonly TimeProvider _clock;

    FakePushService(TimeProvider clock) => _clock = clock;

    /// <summary>Messages delivered to the browsers, decrypted, with the headers that came with them.</summary>
    public ConcurrentQueue<DeliveredPush> Delivered { get; } = new();

    /// <summary>Why each refused push was refused, for a test's failure message.</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();

    public static async Task<FakePushService> StartAsync(TimeProvider? clock = null)
    {
        var server = new FakePushService(clock ?? TimeProvider.System);
        await server.StartAsync(HttpProtocols.Http1AndHttp2, app => app.MapPost("/push/{id}", server.PushAsync));
        return server;
    }

    /// <summary>A browser subscribing with the server's key: pushManager.subscribe({ applicationServerKey }).</summary>
    public FakeBrowserSubscription Subscribe(string applicationServerKey)
    {
        var subscription = new FakeBrowserSubscription($"{BaseUrl}/push/{Guid.NewGuid():N}", applicationServerKey);
        _subscriptions[subscription.Id] = subscription;
        return subscription;
    }

    /// <summary>The subscription expires (the user revoked permission, the browser was reset): its pushes get 410.</summary>
    public void Expire(FakeBrowserSubscription subscription) => _expired[subscription.Id] = true;

    public IEnumerable<DeliveredPush> DeliveredTo(FakeBrowserSubscription subscription) => Delivered.Where(d => d.SubscriptionId == subscription.Id);

    async Task<IResult> PushAsync(HttpRequest request, string id)
    {
        if (_expired.ContainsKey(id)) return Refuse(410, $"{id} expired");
        if (!_subscriptions.TryGetValue(id, out var subscription)) return Refuse(404, $"{id} unknown");
        if (VapidProblem(request, subscription) is { } problem) return Refuse(401, problem);
        if (!int.TryParse(request.Headers["TTL"], out var ttl) || ttl < 0) return Refuse(400, "no TTL");
        if (request.Headers.ContentEncoding != "aes128gcm") return Refuse(415, $"Content-Encoding {request.Headers.ContentEncoding}");
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        // RFC 8030 §7.2: push services must take at least 4096 bytes of payload and may refuse more.
        if (buffer.Length > 4096) return Refuse(413, $"{buffer.Length} bytes");
        if (subscription.Decrypt(buffer.ToArray()) is not { } plain) return Refuse(400, "payload does not decrypt");
        var message = JsonNode.Parse(plain)!.AsObject();
        // RFC 8030 §5.3: no Urgency header means normal.
        var urgency = request.Headers["Urgency"] is { Count: > 0 } given ? given.ToString() : "normal";
        Delivered.Enqueue(new DeliveredPush(id, message, ttl, urgency, request.Headers["Topic"].ToString()));
        return Results.Created($"/message/{Guid.NewGuid():N}", null);
    }

    string? VapidProblem(HttpRequest request, FakeBrowserSubscription subscription)
    {
        // RFC 8292 §3: Authorization: vapid t=<JWT>, k=<public key>.
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("vapid ", StringComparison.Ordinal)) return $"not the vapid scheme: {authorization}";
        var parameters = authorization["vapid ".Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parameters.TryGetValue("t", out var token) || !parameters.TryGetValue("k", out var key)) return "t or k missing";
        if (key != subscription.ApplicationServerKey) return "k is not the key the subscription was made with";
        byte[] point;
        try { point = Base64Url.DecodeFromChars(key); }
        catch (FormatException) { return "k is not base64url"; }
        if (point.Length != 65 || point[0] != 0x04) return "k is not an uncompressed P-256 point";
        using var verifier = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = point[1..33], Y = point[33..] },
        });
        var jwt = SignedJwt.Read(token, (data, signature) => verifier.VerifyData(data, signature, HashAlgorithmName.SHA256));
        if (jwt is null) return "the JWT's ES256 signature does not verify";
        if (jwt.HeaderString("alg") != "ES256") return $"alg {jwt.HeaderString("alg")}";
        var origin = new Uri(subscription.Endpoint).GetLeftPart(UriPartial.Authority);
        if (jwt.ClaimString("aud") != origin) return $"aud {jwt.ClaimString("aud")} is not {origin}";
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        if (jwt.ClaimNumber("exp") is not { } exp || exp <= now || exp > now + 24 * 3600) return $"exp {jwt.ClaimNumber("exp")} not within 24 h";
        if (jwt.ClaimString("sub") is not { } sub || !(sub.StartsWith("mailto:") || sub.StartsWith("https:"))) return $"sub {jwt.ClaimString("sub")}";
        return null;
    }

    IResult Refuse(int status, string why)
    {
        Refusals.Enqueue($"{status} {why}");
        return Results.Text(why, statusCode: status);
    }
}

/// <summary>A push as the browser's service worker gets it: the decrypted JSON, and the headers the push service saw.</summary>
public sealed record DeliveredPush(string SubscriptionId, JsonObject Message, int Ttl, string Urgency, string Topic)
{
    public string? Text(string name) => Message[name]?.GetValue<string>();
}

using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Push.WebPush;

/// <summary>
/// The server's VAPID key pair (base64url): configured, or derived from a random 32-byte secret generated once in the
/// secret store, so every instance signs with the same key and browsers' subscriptions survive restarts.
/// </summary>
public sealed class VapidKeys
{
    public const string SecretName = "webpush-vapid-private-key";

    public VapidKeys(IOptions<PushOptions> options, ISecretStore secrets)
    {
        var o = options.Value.WebPush;
        if (!string.IsNullOrEmpty(o.PrivateKey))
        {
            (PublicKey, PrivateKey) = (o.PublicKey, o.PrivateKey);
            return;
        }
        // A random 32-byte value is a valid P-256 scalar unless it is at least the group order (a 2^-32 chance).
        var privateKey = Base64UrlKey.Encode(secrets.GetOrCreateSecret(SecretName));
        (PublicKey, PrivateKey) = (PublicKeyOf(privateKey) ?? throw new InvalidOperationException("The stored VAPID key is not a P-256 key."), privateKey);
    }

    /// <summary>The uncompressed P-256 point (65 bytes), as browsers take it for applicationServerKey.</summary>
    public string PublicKey { get; }

    public string PrivateKey { get; }

    /// <summary>Null when the pair is usable; otherwise why not.</summary>
    public static string? Check(string publicKey, string privateKey)
    {
        if (!Base64UrlKey.TryDecode(privateKey, 32, out var d) || d.Length != 32) return "The VAPID private key must be 32 bytes, base64url.";
        if (!Base64UrlKey.TryDecode(publicKey, 65, out var q) || q.Length != 65 || q[0] != 0x04) return "The VAPID public key must be an uncompressed P-256 point (65 bytes), base64url.";
        return PublicKeyOf(privateKey) == Base64UrlKey.Encode(q) ? null : "The VAPID public key is not the private key's.";
    }

    static string? PublicKeyOf(string privateKey)
    {
        try
        {
            using var key = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = System.Buffers.Text.Base64Url.DecodeFromChars(privateKey.TrimEnd('=')) });
            var q = key.ExportParameters(false).Q;
            return Base64UrlKey.Encode([0x04, .. q.X!, .. q.Y!]);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }
}

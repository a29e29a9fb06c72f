using System.Security.Cryptography;

namespace Sentinela.Server.Push.WebPush;

/// <summary>
/// A browser's push subscription (the W3C Push API's PushSubscription): the push service URL to POST to, and the
/// browser's P-256 public key and auth secret (base64url) that RFC 8291 encrypts each message for.
/// </summary>
public sealed record WebPushSubscription(string Endpoint, string P256dh, string Auth)
{
    /// <summary>Longer than any push service's URLs (FCM's are about 200 characters), short enough to index.</summary>
    public const int MaxEndpointLength = 1024;

    /// <summary>The device id a subscription is registered under: stable for the endpoint, so registering it again updates it.</summary>
    public string DeviceId => "web-" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Endpoint)))[..32];

    /// <summary>True when the keys decode to what RFC 8291 needs: an uncompressed point on P-256 and a 16-byte secret.</summary>
    public static bool KeysAreValid(string? p256dh, string? auth)
    {
        if (!Base64UrlKey.TryDecode(auth, 16, out var authBytes) || authBytes.Length != 16) return false;
        if (!Base64UrlKey.TryDecode(p256dh, 65, out var point) || point.Length != 65 || point[0] != 0x04) return false;
        try
        {
            // Import checks that the point is on the curve.
            using var key = ECDiffieHellman.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = point[1..33], Y = point[33..] },
            });
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}

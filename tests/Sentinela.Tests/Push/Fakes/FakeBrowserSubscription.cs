using System.Buffers.Text;
using System.Security.Cryptography;
using Sentinela.Server.Push.WebPush;

namespace Sentinela.Tests.Push.Fakes;

/// <summary>
/// What a browser keeps for one push subscription: its P-256 key pair and auth secret (RFC 8291), and the server key it
/// subscribed with (applicationServerKey). It decrypts what the push service hands it, as the browser would.
/// </summary>
public sealed class FakeBrowserSubscription : IDisposable
{
    readonly ECDiffieHellman _key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
    readonly byte[] _auth = RandomNumberGenerator.GetBytes(16);

    public FakeBrowserSubscription(string endpoint, string applicationServerKey) =>
        (Endpoint, ApplicationServerKey) = (endpoint, applicationServerKey);

    public string Endpoint { get; }
    public string ApplicationServerKey { get; }
    public string Id => Endpoint[(Endpoint.LastIndexOf('/') + 1)..];

    public byte[] PublicKey
    {
        get
        {
            var q = _key.ExportParameters(false).Q;
            return [0x04, .. q.X!, .. q.Y!];
        }
    }

    public WebPushSubscription Subscription => new(Endpoint, Base64Url.EncodeToString(PublicKey), Base64Url.EncodeToString(_auth));

    /// <summary>The PushSubscription.toJSON() a browser posts to the server.</summary>
    public object ToJson() => new { endpoint = Endpoint, expirationTime = (long?)null, keys = new { p256dh = Subscription.P256dh, auth = Subscription.Auth } };

    /// <summary>
    /// RFC 8291 §3.4 and RFC 8188: the header (salt, record size, the sender's ephemeral key), then one record sealed
    /// with AES-128-GCM under keys derived from ECDH with that ephemeral key and the auth secret. Null when anything does
    /// not check out: a push service would deliver it, but the browser would drop it.
    /// </summary>
    public byte[]? Decrypt(byte[] body)
    {
        if (body.Length < 21 + 65 + 17 || body[20] != 65) return null;
        var salt = body[..16];
        var recordSize = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16, 4));
        var senderKey = body[21..86];
        var record = body[86..];
        if (senderKey[0] != 0x04 || record.Length > recordSize || record.Length < 17) return null;
        try
        {
            using var sender = ECDiffieHellman.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = senderKey[1..33], Y = senderKey[33..] },
            });
            var sharedSecret = _key.DeriveRawSecretAgreement(sender.PublicKey);
            byte[] keyInfo = [.. "WebPush: info"u8, 0, .. PublicKey, .. senderKey];
            var ikm = HKDF.DeriveKey(HashAlgorithmName.SHA256, sharedSecret, 32, _auth, keyInfo);
            var prk = HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt);
            var contentKey = HKDF.Expand(HashAlgorithmName.SHA256, prk, 16, [.. "Content-Encoding: aes128gcm"u8, 0]);
            var nonce = HKDF.Expand(HashAlgorithmName.SHA256, prk, 12, [.. "Content-Encoding: nonce"u8, 0]);
            var plain = new byte[record.Length - 16];
            using var aes = new AesGcm(contentKey, 16);
            aes.Decrypt(nonce, record[..^16], record[^16..], plain);
            // The last record ends with its delimiter 0x02, then zero padding.
            var end = Array.FindLastIndex(plain, b => b != 0);
            return end >= 0 && plain[end] == 0x02 ? plain[..end] : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public void Dispose() => _key.Dispose();
}

using System.Security.Cryptography;
using Sentinela.Tests.Push.Fakes;

namespace Sentinela.Tests.Push;

/// <summary>
/// The fake providers (Expo, FCM, APNs and a browser push service) on their own ports, with keys made for this run, and
/// the Sentinela:Push settings that point the real provider layer at them.
/// </summary>
public sealed class ProviderFakes : IAsyncDisposable
{
    ProviderFakes(FakeExpoServer expo, FakeGoogleServer google, FakeApnsServer apns, FakePushService browsers, string vapidPublicKey,
        Dictionary<string, string?> settings) =>
        (Expo, Google, Apns, Browsers, VapidPublicKey, Settings) = (expo, google, apns, browsers, vapidPublicKey, settings);

    public FakeExpoServer Expo { get; }
    public FakeGoogleServer Google { get; }
    public FakeApnsServer Apns { get; }

    /// <summary>The browsers' push service; subscribe a browser with <see cref="VapidPublicKey"/>.</summary>
    public FakePushService Browsers { get; }

    /// <summary>The server's VAPID public key (base64url) these settings configure.</summary>
    public string VapidPublicKey { get; }

    /// <summary>Keys relative to Sentinela:Push.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>The same settings as full configuration keys, for a whole server.</summary>
    public Dictionary<string, string?> ServerSettings() => Settings.ToDictionary(s => $"Sentinela:Push:{s.Key}", s => s.Value);

    /// <summary><see cref="ServerSettings"/> with the dispatcher polling every 50 ms (tests wait on it), plus <paramref name="extra"/>.</summary>
    public Dictionary<string, string?> DispatchSettings(IEnumerable<(string Key, string Value)> extra)
    {
        var settings = ServerSettings();
        settings["Sentinela:Push:Dispatch:PollInterval"] = "00:00:00.050";
        foreach (var (key, value) in extra) settings[key] = value;
        return settings;
    }

    public static async Task<ProviderFakes> StartAsync(TimeProvider clock)
    {
        using var serviceAccountKey = RSA.Create(2048);
        using var apnsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var expo = await FakeExpoServer.StartAsync();
        var google = await FakeGoogleServer.StartAsync(RSA.Create(serviceAccountKey.ExportParameters(false)));
        var apns = await FakeApnsServer.StartAsync(ECDsa.Create(apnsKey.ExportParameters(false)), clock);
        var browsers = await FakePushService.StartAsync(clock);
        var (vapidPublic, vapidPrivate) = NewVapidKeys();
        return new ProviderFakes(expo, google, apns, browsers, vapidPublic, new Dictionary<string, string?>
        {
            ["Expo:BaseUrl"] = expo.BaseUrl,
            ["Fcm:BaseUrl"] = google.BaseUrl,
            ["Fcm:TokenUri"] = google.TokenUri,
            ["Fcm:ProjectId"] = FakeGoogleServer.ProjectId,
            ["Fcm:ClientEmail"] = FakeGoogleServer.ClientEmail,
            ["Fcm:PrivateKey"] = serviceAccountKey.ExportPkcs8PrivateKeyPem(),
            ["Fcm:PrivateKeyId"] = "test-key",
            ["Apns:BaseUrl"] = apns.BaseUrl,
            ["Apns:Topic"] = FakeApnsServer.Topic,
            ["Apns:TeamId"] = FakeApnsServer.TeamId,
            ["Apns:KeyId"] = FakeApnsServer.KeyId,
            ["Apns:PrivateKey"] = apnsKey.ExportPkcs8PrivateKeyPem(),
            ["WebPush:Subject"] = "mailto:operacao@sentinela.example",
            ["WebPush:PublicKey"] = vapidPublic,
            ["WebPush:PrivateKey"] = vapidPrivate,
            ["WebPush:EndpointHosts:0"] = "127.0.0.1",
            ["WebPush:RequireHttps"] = "false",
        });
    }

    /// <summary>A VAPID key pair as an operator would configure it: the public point and the private scalar, base64url.</summary>
    public static (string Public, string Private) NewVapidKeys()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p = key.ExportParameters(true);
        return (System.Buffers.Text.Base64Url.EncodeToString([0x04, .. p.Q.X!, .. p.Q.Y!]), System.Buffers.Text.Base64Url.EncodeToString(p.D));
    }

    public async ValueTask DisposeAsync()
    {
        await Expo.DisposeAsync();
        await Google.DisposeAsync();
        await Apns.DisposeAsync();
        await Browsers.DisposeAsync();
    }
}

using System.Security.Cryptography;
using Sentinela.Tests.Push.Fakes;

namespace Sentinela.Tests.Push;

/// <summary>
/// The three fake providers on their own ports, with keys made for this run, and the Sentinela:Push settings that point
/// the real provider layer at them.
/// </summary>
public sealed class ProviderFakes : IAsyncDisposable
{
    ProviderFakes(FakeExpoServer expo, FakeGoogleServer google, FakeApnsServer apns, Dictionary<string, string?> settings) =>
        (Expo, Google, Apns, Settings) = (expo, google, apns, settings);

    public FakeExpoServer Expo { get; }
    public FakeGoogleServer Google { get; }
    public FakeApnsServer Apns { get; }

    /// <summary>Keys relative to Sentinela:Push.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>The same settings as full configuration keys, for a whole server.</summary>
    public Dictionary<string, string?> ServerSettings() => Settings.ToDictionary(s => $"Sentinela:Push:{s.Key}", s => s.Value);

    public static async Task<ProviderFakes> StartAsync(TimeProvider clock)
    {
        using var serviceAccountKey = RSA.Create(2048);
        using var apnsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var expo = await FakeExpoServer.StartAsync();
        var google = await FakeGoogleServer.StartAsync(RSA.Create(serviceAccountKey.ExportParameters(false)));
        var apns = await FakeApnsServer.StartAsync(ECDsa.Create(apnsKey.ExportParameters(false)), clock);
        return new ProviderFakes(expo, google, apns, new Dictionary<string, string?>
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
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Expo.DisposeAsync();
        await Google.DisposeAsync();
        await Apns.DisposeAsync();
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sentinela.Server.Push;
using Sentinela.Server.Push.Apns;
using Sentinela.Server.Push.Expo;
using Sentinela.Server.Push.Fcm;
using Sentinela.Server.Push.WebPush;
using Sentinela.Server.Analysis.Backtesting;
using Sentinela.Server.Storage;
using Sentinela.Tests.Push.Fakes;

namespace Sentinela.Tests.Push;

/// <summary>
/// The fake providers (Expo, FCM, APNs, a browser push service) on their own ports, keys made for this test, and the real provider layer wired by
/// AddPushProviders against them. The clock is fake unless a test needs real timeouts.
/// </summary>
public sealed class PushTestBed : IAsyncDisposable
{
    PushTestBed(ProviderFakes fakes, ServiceProvider services, TimeProvider clock)
    {
        (Expo, Google, Apns, Browsers, VapidPublicKey, Services, Clock) = (fakes.Expo, fakes.Google, fakes.Apns, fakes.Browsers, fakes.VapidPublicKey, services, clock);
    }

    public FakeExpoServer Expo { get; }
    public FakeGoogleServer Google { get; }
    public FakeApnsServer Apns { get; }
    public FakePushService Browsers { get; }
    public string VapidPublicKey { get; }
    public ServiceProvider Services { get; }
    public TimeProvider Clock { get; }

    /// <summary>The fake clock; only for a bed started with one.</summary>
    public FakeTimeProvider FakeClock => (FakeTimeProvider)Clock;

    public PushRouter Router => Services.GetRequiredService<PushRouter>();
    public ExpoPushProvider ExpoProvider => Services.GetRequiredService<ExpoPushProvider>();
    public FcmPushProvider FcmProvider => Services.GetRequiredService<FcmPushProvider>();
    public ApnsPushProvider ApnsProvider => Services.GetRequiredService<ApnsPushProvider>();
    public WebPushProvider WebPushProvider => Services.GetRequiredService<WebPushProvider>();

    /// <param name="settings">Extra or overriding keys under Sentinela:Push, e.g. "Breaker:CallTimeout".</param>
    public static async Task<PushTestBed> StartAsync(IDictionary<string, string?>? settings = null, bool realClock = false)
    {
        TimeProvider clock = realClock ? TimeProvider.System : new FakeTimeProvider(DateTimeOffset.UtcNow);
        var fakes = await ProviderFakes.StartAsync(clock);
        var configuration = new Dictionary<string, string?>(fakes.Settings);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) configuration[key] = value;

        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .AddInMemoryCollection(configuration.Select(c => KeyValuePair.Create($"{PushOptions.Section}:{c.Key}", c.Value)))
                .Build())
            .AddSingleton(clock)
            .AddSingleton<ISecretStore, EphemeralSecretStore>()
            .AddLogging()
            .AddPushProviders()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new PushTestBed(fakes, services, clock);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Expo.DisposeAsync();
        await Google.DisposeAsync();
        await Apns.DisposeAsync();
        await Browsers.DisposeAsync();
    }
}

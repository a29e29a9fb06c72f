using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server;
using Sentinela.Server.Identity;
using Sentinela.Server.Notifications;
using Sentinela.Server.Push.Dispatch;
using Sentinela.Server.Push.WebPush;
using Sentinela.Server.Storage;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Push.Fakes;

namespace Sentinela.Tests.Push;

/// <summary>
/// Web Push on the real server: managers subscribe their browsers through the API, an outbreak raised through FHIR
/// ingestion goes through the durable push queue to the loopback push service, which checks the VAPID signature and
/// decrypts the message with each browser's own keys.
/// </summary>
public sealed class WebPushDispatchTests : IAsyncLifetime
{
    ProviderFakes _fakes = null!;

    public async Task InitializeAsync() => _fakes = await ProviderFakes.StartAsync(TimeProvider.System);

    public async Task DisposeAsync() => await _fakes.DisposeAsync();

    Dictionary<string, string?> Settings(params (string Key, string Value)[] extra) => _fakes.DispatchSettings(extra);

    static readonly Dictionary<string, string> Cpfs = new() { ["gestora"] = "52998224725", ["atenta"] = "11144477735", ["ausente"] = "12345678909" };

    /// <summary>A municipal manager of Contagem whose browser subscribed through POST /api/webpush/subscriptions.</summary>
    async Task<(Guid User, FakeBrowserSubscription Browser)> ManagerWithBrowserAsync(SentinelaFactory factory, string name)
    {
        var id = SentinelaFactory.UserId(name);
        var contagem = Jurisdiction.OfMunicipality(Outbreaks.Contagem);
        await factory.Services.GetRequiredService<IAccountStore>().AddUserAsync(
            new UserAccount(id, Cpf.Parse(Cpfs[name]), name, Role.MunicipalManager, contagem, null, "-", DateTimeOffset.UtcNow), default);
        var http = factory.CreateAnonymousClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", factory.TokenFor(Role.MunicipalManager, contagem, name));
        var key = (await http.GetFromJsonAsync<VapidPublicKey>("/api/webpush/public-key", SentinelaJson.Options))!.PublicKey;
        var browser = _fakes.Browsers.Subscribe(key);
        (await http.PostAsJsonAsync("/api/webpush/subscriptions", browser.ToJson())).EnsureSuccessStatusCode();
        return (id, browser);
    }

    static Task<IReadOnlyList<PushJob>> JobsAsync(SentinelaFactory factory, Guid alertId) =>
        factory.Services.GetRequiredService<IPushQueue>().ForAlertAsync(alertId, default);

    [Fact]
    public async Task A_raised_alert_reaches_a_manager_whose_dashboard_is_closed_as_a_decrypted_web_push_in_portuguese()
    {
        await using var factory = new SentinelaFactory(Settings());
        var (_, browser) = await ManagerWithBrowserAsync(factory, "gestora");

        var alert = await Outbreaks.PlateletsLowInContagemAsync(factory.CreateClient(), count: 20);
        var push = await Eventually.WaitForAsync(() => Task.FromResult(_fakes.Browsers.DeliveredTo(browser).FirstOrDefault(p => p.Text("alertId") == alert.Id.ToString())),
            p => p is not null, TimeSpan.FromSeconds(30));

        Assert.Empty(_fakes.Browsers.Refusals);
        Assert.Equal(($"Surto detectado — {alert.Area.PortugueseName}", alert.Headline), (push!.Text("title"), push.Text("body")));
        Assert.Equal((1, $"/#/alertas/{alert.Id}"), (push.Message["version"]!.GetValue<int>(), push.Text("url")));
        var jobs = await Eventually.WaitForAsync(() => JobsAsync(factory, alert.Id), j => j.Any(x => x.Status == PushJobStatus.Sent));
        Assert.Equal("WebPush", Assert.Single(jobs, j => j.Version == 1).Provider);
        await factory.DisposeAndDeleteAsync();
    }

    [Fact]
    public async Task On_missing_ack_a_manager_who_acknowledged_in_real_time_gets_no_web_push_and_one_who_was_away_does()
    {
        await using var server = new RealtimeServer(Settings(
            ("Sentinela:Push:Dispatch:Policy", "OnMissingAck"), ("Sentinela:Push:Dispatch:AckWindow", "00:00:02")));
        var (_, attentive) = await ManagerWithBrowserAsync(server.Factory, "atenta");
        var (_, away) = await ManagerWithBrowserAsync(server.Factory, "ausente");
        await using var dashboard = await server.ConnectAsync("atenta", Role.MunicipalManager, Jurisdiction.OfMunicipality(Outbreaks.Contagem));
        await dashboard.WatchAsync(new() { MunicipalityCode = Outbreaks.Contagem });

        var alert = await Outbreaks.PlateletsLowInContagemAsync(server.Http, count: 20);
        var jobs = await Eventually.WaitForAsync(() => JobsAsync(server.Factory, alert.Id),
            j => j.Count(x => x.Version == 1) == 2 && j.Where(x => x.Version == 1).All(x => x.Status is PushJobStatus.Sent or PushJobStatus.Skipped),
            TimeSpan.FromSeconds(30));

        Assert.Single(_fakes.Browsers.DeliveredTo(away), p => p.Text("alertId") == alert.Id.ToString());
        Assert.Empty(_fakes.Browsers.DeliveredTo(attentive));
        var skipped = Assert.Single(jobs, j => j.Version == 1 && j.Status == PushJobStatus.Skipped);
        Assert.Equal((attentive.Subscription.DeviceId, "acknowledged-in-real-time"), (skipped.DeviceId, skipped.Reason));
    }

    [Fact]
    public async Task A_manager_whose_preferences_leave_out_new_outbreaks_gets_no_web_push()
    {
        await using var factory = new SentinelaFactory(Settings());
        var (_, wants) = await ManagerWithBrowserAsync(factory, "atenta");
        var (uninterested, declines) = await ManagerWithBrowserAsync(factory, "ausente");
        await factory.Services.GetRequiredService<INotificationPreferencesStore>().SaveAsync(uninterested,
            NotificationPreferences.Default with { EventTypes = ["resolved"] }, default);

        var alert = await Outbreaks.PlateletsLowInContagemAsync(factory.CreateClient(), count: 20);
        var jobs = await Eventually.WaitForAsync(() => JobsAsync(factory, alert.Id), j => j.Any(x => x.Status == PushJobStatus.Sent), TimeSpan.FromSeconds(30));

        Assert.Equal(wants.Subscription.DeviceId, Assert.Single(jobs).DeviceId);
        Assert.Single(_fakes.Browsers.DeliveredTo(wants));
        Assert.Empty(_fakes.Browsers.DeliveredTo(declines));
        await factory.DisposeAndDeleteAsync();
    }

    [Fact]
    public async Task A_subscription_the_push_service_says_is_gone_is_removed_and_its_push_dead_lettered()
    {
        await using var factory = new SentinelaFactory(Settings());
        var (user, browser) = await ManagerWithBrowserAsync(factory, "gestora");
        _fakes.Browsers.Expire(browser);

        var alert = await Outbreaks.PlateletsLowInContagemAsync(factory.CreateClient(), count: 20);
        var jobs = await Eventually.WaitForAsync(() => JobsAsync(factory, alert.Id), j => j.Any(x => x.Status == PushJobStatus.Dead), TimeSpan.FromSeconds(30));

        Assert.Equal("WebPush token dead: webpush-http-410", Assert.Single(jobs, j => j.Version == 1).Reason);
        Assert.Empty(await factory.Services.GetRequiredService<IDeviceStore>().ForUsersAsync([user], default));
        await factory.DisposeAndDeleteAsync();
    }

    [Fact]
    public async Task A_rate_limited_push_is_sent_again_after_retry_after()
    {
        await using var factory = new SentinelaFactory(Settings());
        var (_, browser) = await ManagerWithBrowserAsync(factory, "gestora");
        _fakes.Browsers.FailNext(1, 429, TimeSpan.FromSeconds(1));

        var alert = await Outbreaks.PlateletsLowInContagemAsync(factory.CreateClient(), count: 20);
        var jobs = await Eventually.WaitForAsync(() => JobsAsync(factory, alert.Id), j => j.Any(x => x.Status == PushJobStatus.Sent), TimeSpan.FromSeconds(30));

        Assert.Equal(2, Assert.Single(jobs, j => j.Version == 1).Attempts);
        Assert.Single(_fakes.Browsers.DeliveredTo(browser), p => p.Text("alertId") == alert.Id.ToString());
        await factory.DisposeAndDeleteAsync();
    }

    [Fact]
    public async Task Without_configured_keys_a_pair_is_generated_once_and_kept_across_restarts()
    {
        var settings = Settings();
        settings.Remove("Sentinela:Push:WebPush:PublicKey");
        settings.Remove("Sentinela:Push:WebPush:PrivateKey");
        var first = new SentinelaFactory(settings);
        var before = (await first.CreateClient().GetFromJsonAsync<VapidPublicKey>("/api/webpush/public-key", SentinelaJson.Options))!.PublicKey;
        await first.DisposeAsync();

        await using var second = new SentinelaFactory(settings, first.DataDirectory);
        var after = (await second.CreateClient().GetFromJsonAsync<VapidPublicKey>("/api/webpush/public-key", SentinelaJson.Options))!.PublicKey;

        Assert.Equal(before, after);
        Assert.NotEqual(_fakes.VapidPublicKey, after);
        await second.DisposeAndDeleteAsync();
    }
}

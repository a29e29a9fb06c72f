using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server.Identity;
using Sentinela.Server.Push.Devices;
using Sentinela.Server.Storage;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Push;
using Xunit.Abstractions;

namespace Sentinela.Tests.Dashboard;

/// <summary>
/// The installable dashboard and Web Push in headless Chromium (tests/web-e2e/webpush.mjs): manifest, icons, service
/// worker and Chromium's installability check; "Ativar notificações neste navegador" through the real Push API; and a
/// push the server really sent (to the loopback push service, which decrypted it) handed to the page's real service
/// worker, which shows it in Portuguese only while the dashboard is closed.
/// </summary>
public sealed class WebPushBrowserTests(ITestOutputHelper output)
{
    const string Cpf = "529.982.247-25", Password = "senha-da-gestora-2024";

    [Fact]
    public async Task The_dashboard_installs_subscribes_where_chromium_can_and_its_service_worker_shows_a_real_push_when_closed()
    {
        await using var fakes = await ProviderFakes.StartAsync(TimeProvider.System);
        var settings = fakes.ServerSettings();
        settings["Sentinela:Dashboard:Path"] = await DashboardBuild.DistAsync();
        settings["Sentinela:Push:Dispatch:PollInterval"] = "00:00:00.050";
        // The loopback push service, and Chromium's own (FCM) should it reach it.
        settings["Sentinela:Push:WebPush:EndpointHosts:1"] = "fcm.googleapis.com";
        await using var server = new RealtimeServer(settings);
        var (user, errors, _) = await server.Factory.Services.GetRequiredService<Accounts>().CreateUserAsync(
            new NewUser(Cpf, "Gestora de Contagem", Password, Role.MunicipalManager, MunicipalityCode: Outbreaks.Contagem), default);
        Assert.True(user is not null, string.Join("; ", errors.SelectMany(e => e.Value)));
        // The manager's other browser, on the loopback push service: what the server sends it is what Chromium's worker gets.
        using var otherBrowser = fakes.Browsers.Subscribe(fakes.VapidPublicKey);
        await server.Factory.Services.GetRequiredService<IDeviceStore>().UpsertAsync(
            new Device(otherBrowser.Subscription.DeviceId, user.Id, null, null, null, DateTimeOffset.UtcNow, otherBrowser.Subscription), default);
        var alert = await Outbreaks.PlateletsLowInContagemAsync(server.Http);
        var push = await Eventually.WaitForAsync(() => Task.FromResult(fakes.Browsers.DeliveredTo(otherBrowser).FirstOrDefault()), p => p is not null,
            TimeSpan.FromSeconds(30));

        using var browser = BrowserRun.StartScript("webpush.mjs", [server.BaseAddress.ToString()], Cpf, Password,
            new Dictionary<string, string> { ["SENTINELA_PUSH_PAYLOAD"] = push!.Message.ToJsonString() });
        var result = await browser.ResultAsync(TimeSpan.FromSeconds(180));
        output.WriteLine(result.ToString());

        Assert.False(result.TryGetProperty("error", out var error), error.ToString());
        Assert.EndsWith("/sw.js", Text(result, "serviceWorkerActive"));
        Assert.Equal("granted", Text(result, "permission"));
        Assert.StartsWith("application/manifest+json", Text(result, "manifestContentType"));
        Assert.Equal(("pt-BR", "standalone"), (Text(result.GetProperty("manifest"), "lang"), Text(result.GetProperty("manifest"), "display")));
        Assert.All(result.GetProperty("icons").EnumerateArray(), i => Assert.Equal((200, "image/png"), (i.GetProperty("status").GetInt32(), Text(i, "type"))));
        Assert.True(result.GetProperty("controlled").GetBoolean());
        Assert.Empty(result.GetProperty("installabilityErrors").EnumerateArray());
        Assert.Equal("Ativar notificações neste navegador", Text(result, "enableLabel"));
        if (result.GetProperty("subscription").ValueKind == JsonValueKind.String)
        {
            Assert.Equal("Notificações ativadas neste navegador.", Text(result, "enableMessage"));
            Assert.Equal(2, result.GetProperty("listedBrowsers").GetInt32());
        }
        else
        {
            // Chromium could not reach its push service (no network here): the page says so and registers nothing.
            output.WriteLine($"pushManager.subscribe failed in this environment: {Text(result, "subscribeError")}");
            Assert.NotEmpty(Text(result, "subscribeError"));
            Assert.Equal("Não foi possível ativar as notificações neste navegador.", Text(result, "enableMessage"));
            Assert.Equal(1, result.GetProperty("listedBrowsers").GetInt32());
        }
        Assert.Empty(result.GetProperty("notificationsWhileOpen").EnumerateArray());
        var shown = Assert.Single(result.GetProperty("notificationsWhileClosed").EnumerateArray());
        Assert.Equal(($"Surto detectado — {alert.Area.PortugueseName}", alert.Headline), (Text(shown, "title"), Text(shown, "body")));
        Assert.Equal(($"alerta-{alert.Id}", "pt-BR"), (Text(shown, "tag"), Text(shown, "lang")));
        Assert.Equal($"/#/alertas/{alert.Id}", Text(shown.GetProperty("data"), "url"));
        Assert.Empty(result.GetProperty("consoleErrors").EnumerateArray());
    }

    static string Text(JsonElement result, string name) =>
        result.TryGetProperty(name, out var value) ? value.GetString() ?? "" : throw new Xunit.Sdk.XunitException($"no '{name}' in {result}");
}

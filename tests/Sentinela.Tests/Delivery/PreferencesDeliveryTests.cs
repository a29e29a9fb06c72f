using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server.Delivery;
using Sentinela.Server.Identity;
using Sentinela.Server.Push.Devices;
using Sentinela.Server.Push.Dispatch;
using Sentinela.Server.Storage;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Delivery;

/// <summary>Notification preferences are honoured by real-time delivery and by push.</summary>
public sealed class PreferencesDeliveryTests
{
    [Fact]
    public async Task A_user_who_wants_only_critical_alerts_gets_a_lesser_one_neither_live_nor_by_push()
    {
        await using var server = new RealtimeServer(new() { ["Sentinela:Push:Expo:BaseUrl"] = "http://127.0.0.1:9" });
        var contagem = Jurisdiction.OfMunicipality(3118601);
        foreach (var name in new[] { "exigente", "curiosa" })
        {
            var id = SentinelaFactory.UserId(name);
            await server.Factory.Services.GetRequiredService<IAccountStore>().AddUserAsync(new UserAccount(id,
                Cpf.Parse(name == "exigente" ? "52998224725" : "11144477735"), name, Role.MunicipalManager, contagem, null, "-", DateTimeOffset.UtcNow), default);
            await server.Factory.Services.GetRequiredService<IDeviceStore>().UpsertAsync(
                new Device($"{name}-phone", id, $"ExponentPushToken[{name}]", null, null, DateTimeOffset.UtcNow), default);
        }
        using var picky = new HttpClient { BaseAddress = server.BaseAddress };
        picky.DefaultRequestHeaders.Authorization = new("Bearer", server.Factory.TokenFor(Role.MunicipalManager, contagem, "exigente"));
        var saved = await picky.PutAsJsonAsync("/api/user/notification-preferences", new
        {
            eventTypes = new[] { "raised", "updated", "resolved" },
            minimumSeverity = "critical",
            mode = "immediate",
            sound = true,
            quietHours = (object?)null,
        });
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        await using var pickyLive = await server.ConnectAsync("exigente", Role.MunicipalManager, contagem);
        await using var curiousLive = await server.ConnectAsync("curiosa", Role.MunicipalManager, contagem);
        await pickyLive.WatchAsync(new WatchArea { MunicipalityCode = 3118601 });
        await curiousLive.WatchAsync(new WatchArea { MunicipalityCode = 3118601 });

        // 12 low-platelet cases: plainly significant whatever the day's Monte Carlo seed (16 was not on some days), yet an
        // excess of ~10, below the critical excess of 20: the alert is raised moderate or high, never critical.
        var alert = await Outbreaks.PlateletsLowInContagemAsync(server.Http, count: 24);
        await pickyLive.SyncAsync();
        await curiousLive.SyncAsync();

        Assert.Contains(curiousLive.Alerts, e => e.Alert.Id == alert.Id && e.Alert.Version == 1);
        Assert.DoesNotContain(pickyLive.Alerts, e => e.Alert.Severity != Sentinela.Server.Alerts.AlertSeverity.Critical);
        var jobs = await Eventually.WaitForAsync(() => server.Factory.Services.GetRequiredService<IPushQueue>().ForAlertAsync(alert.Id, default),
            j => j.Any(x => x.Version == 1));
        Assert.Equal(["curiosa-phone"], jobs.Where(j => j.Version == 1).Select(j => j.DeviceId));
    }
}

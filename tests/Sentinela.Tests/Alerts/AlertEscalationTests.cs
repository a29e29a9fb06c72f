using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server;
using Sentinela.Server.Alerts;
using Sentinela.Server.Alerts.Workflow;
using Sentinela.Server.Audit;
using Sentinela.Server.Delivery;
using Sentinela.Server.Identity;
using Sentinela.Server.Push.Devices;
using Sentinela.Server.Storage;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Push;
using static Sentinela.Tests.Dashboard.Clients;

namespace Sentinela.Tests.Alerts;

/// <summary>
/// An alert nobody acknowledges within Sentinela:Alerts:Escalation:AcknowledgeWithin is pushed to its state's
/// coordinators through the real push path (to the wire-protocol fakes) and announced to their hub connections, once,
/// however many instances look.
/// </summary>
public sealed class AlertEscalationTests : IAsyncLifetime
{
    ProviderFakes _fakes = null!;

    public async Task InitializeAsync() => _fakes = await ProviderFakes.StartAsync(TimeProvider.System);

    public async Task DisposeAsync() => await _fakes.DisposeAsync();

    Dictionary<string, string?> Settings(params (string Key, string Value)[] extra) =>
        _fakes.DispatchSettings(extra.Select(e => ($"Sentinela:Alerts:Escalation:{e.Key}", e.Value)));

    [Fact]
    public async Task An_alert_unacknowledged_for_the_configured_time_is_pushed_and_announced_to_its_states_coordinators_only()
    {
        await using var server = new RealtimeServer(Settings(("AcknowledgeWithin", "00:00:01"), ("Interval", "00:00:00.100")));
        var factory = server.Factory;
        await UserWithDeviceAsync(factory, "coordenadora-mg", Role.StateCoordinator, Jurisdiction.OfState(31), "52998224725");
        await UserWithDeviceAsync(factory, "coordenador-sp", Role.StateCoordinator, Jurisdiction.OfState(35), "11144477735");
        await UserWithDeviceAsync(factory, "gestora-contagem", Role.MunicipalManager, Contagem, "39053344705");
        var (mg, sp, manager) = (await EscalationsOfAsync(server, "coordenadora-mg", Role.StateCoordinator, Jurisdiction.OfState(31)),
            await EscalationsOfAsync(server, "coordenador-sp", Role.StateCoordinator, Jurisdiction.OfState(35)),
            await EscalationsOfAsync(server, "gestora-contagem", Role.MunicipalManager, Contagem));
        var http = server.Http;

        var alert = await Outbreaks.PlateletsLowInContagemAsync(http);
        var escalated = await Eventually.WaitForAsync(() => Task.FromResult(EscalationPushes(alert.Id)), m => m.Count > 0, TimeSpan.FromSeconds(60));
        var announced = await Eventually.WaitForAsync(() => Task.FromResult(mg.Events.ToList()), e => e.Count > 0, TimeSpan.FromSeconds(30));

        Assert.Equal("ExponentPushToken[coordenadora-mg]", Assert.Single(escalated)["to"]!.GetValue<string>());
        Assert.Equal($"Alerta sem confirmação — {alert.Area.PortugueseName}", escalated[0]["title"]!.GetValue<string>());
        var details = (await http.GetFromJsonAsync<AlertDetails>($"/api/alerts/{alert.Id}", SentinelaJson.Options))!;
        Assert.True(details.Clock!.EscalatedAt - alert.RaisedAt >= TimeSpan.FromSeconds(1), $"escalated at {details.Clock.EscalatedAt}, raised {alert.RaisedAt}");
        Assert.Equal((alert.Id, details.Clock.EscalatedAt, alert.Headline), (Assert.Single(announced).AlertId, announced[0].EscalatedAt, announced[0].Headline));
        await mg.Probe.SyncAsync();
        await sp.Probe.SyncAsync();
        await manager.Probe.SyncAsync();
        Assert.Single(mg.Events);
        Assert.Empty(sp.Events);
        Assert.Empty(manager.Events);
        Assert.Equal(1, (await http.GetFromJsonAsync<AlertKpis>("/api/alerts/kpis", SentinelaJson.Options))!.Escalated);
        await factory.Services.GetRequiredService<AuditTrail>().FlushAsync(default);
        Assert.Single(await factory.Services.GetRequiredService<IAuditStore>().QueryAsync(
            new AuditQuery(Action: AuditActions.AlertEscalated, Target: alert.Id.ToString()), default));
        foreach (var probe in new[] { mg.Probe, sp.Probe, manager.Probe }) await probe.DisposeAsync();
    }

    [Fact]
    public async Task Two_instances_escalate_an_unacknowledged_alert_once_and_leave_an_acknowledged_one_alone()
    {
        // The timers are off: the test runs the passes itself, on both instances at once.
        var settings = Settings(("Enabled", "false"), ("AcknowledgeWithin", "00:00:00.001"));
        await using var first = new SentinelaFactory(settings);
        await using var second = new SentinelaFactory(settings, dataDirectory: first.DataDirectory);
        await UserWithDeviceAsync(first, "coordenadora-mg", Role.StateCoordinator, Jurisdiction.OfState(31), "52998224725");
        var http = first.CreateClient();
        var acknowledged = await Outbreaks.PlateletsLowInContagemAsync(http);
        var ignored = await Outbreaks.PlateletsLowAsync(http, Outbreaks.Uberlandia);
        (await http.PostAsync($"/api/alerts/{acknowledged.Id}/handling", Json("""{"state":"acknowledged"}"""))).EnsureSuccessStatusCode();

        var passes = await Task.WhenAll(new[] { first, second }.Select(f => f.Services.GetRequiredService<AlertEscalator>().EscalateOverdueAsync(default)));
        var again = await second.Services.GetRequiredService<AlertEscalator>().EscalateOverdueAsync(default);

        Assert.Equal([ignored.Id], passes.SelectMany(p => p));
        Assert.Empty(again);
        var jobs = await first.Services.GetRequiredService<IPushQueue>().ForAlertAsync(ignored.Id, default);
        Assert.Single(jobs, j => j.Version == AlertEscalator.EscalationVersion);
        Assert.DoesNotContain(await first.Services.GetRequiredService<IPushQueue>().ForAlertAsync(acknowledged.Id, default),
            j => j.Version == AlertEscalator.EscalationVersion);
        var escalations = await first.Services.GetRequiredService<IAlertHandlingStore>().EscalationsAsync([ignored.Id, acknowledged.Id], default);
        Assert.Equal((ignored.Id, 1), (Assert.Single(escalations).Key, escalations[ignored.Id].Coordinators));
        await second.DisposeAsync();
        await first.DisposeAndDeleteAsync();
    }

    /// <summary>A hub connection of a user, collecting the "escalated" events it receives.</summary>
    static async Task<(HubProbe Probe, ConcurrentQueue<EscalationEvent> Events)> EscalationsOfAsync(RealtimeServer server, string user, Role role,
        Jurisdiction jurisdiction)
    {
        var probe = await server.ConnectAsync(user, role, jurisdiction);
        var events = new ConcurrentQueue<EscalationEvent>();
        probe.Connection.On<EscalationEvent>(AlertClientMethods.Escalated, events.Enqueue);
        return (probe, events);
    }

    List<System.Text.Json.Nodes.JsonObject> EscalationPushes(Guid alertId) =>
        _fakes.Expo.Messages.Where(m => m["data"]?["alertId"]?.GetValue<string>() == alertId.ToString()
            && m["data"]?["version"]?.GetValue<string>() == AlertEscalator.EscalationVersion.ToString()).ToList();

    /// <summary>An account stored directly (no password hashing needed) with one Expo device named after it.</summary>
    static async Task UserWithDeviceAsync(SentinelaFactory factory, string name, Role role, Jurisdiction jurisdiction, string cpf)
    {
        var id = SentinelaFactory.UserId(name);
        await factory.Services.GetRequiredService<IAccountStore>().AddUserAsync(
            new UserAccount(id, Cpf.Parse(cpf), name, role, jurisdiction, null, "not-a-password-hash", DateTimeOffset.UtcNow), default);
        await factory.Services.GetRequiredService<IDeviceStore>().UpsertAsync(
            new Device($"{name}-phone", id, $"ExponentPushToken[{name}]", null, null, DateTimeOffset.UtcNow), default);
    }
}

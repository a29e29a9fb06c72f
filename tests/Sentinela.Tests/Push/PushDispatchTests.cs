using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server;
using Sentinela.Server.Identity;
using Sentinela.Server.Push.Devices;
using Sentinela.Server.Push.Dispatch;
using Sentinela.Server.Storage;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Push;

/// <summary>
/// The whole push path on the real server: an outbreak raised through FHIR ingestion becomes durable push jobs for the
/// devices of the managers it reaches, sent in batches through the real providers to the wire-protocol fakes.
/// </summary>
public sealed class PushDispatchTests : IAsyncLifetime
{
    ProviderFakes _fakes = null!;

    public async Task InitializeAsync() => _fakes = await ProviderFakes.StartAsync(TimeProvider.System);

    public async Task DisposeAsync() => await _fakes.DisposeAsync();

    Dictionary<string, string?> Settings(params (string Key, string Value)[] extra) => _fakes.DispatchSettings(extra);

    [Fact]
    public async Task An_alert_for_1000_devices_becomes_10_expo_requests_of_100_each_device_once()
    {
        await using var factory = new SentinelaFactory(Settings());
        await ManagersWithDevicesAsync(factory, users: 10, devicesEach: 100);

        var alert = await Outbreaks.PlateletsLowInContagemAsync(factory.CreateClient(), count: 20);
        var firstVersion = await AcceptedAsync(alert.Id, version: 1, expected: 1000);

        var requests = ExpoRequestsFor(alert.Id, version: 1);
        Assert.Equal(10, requests.Count);
        Assert.All(requests, r => Assert.Equal(100, r.Count));
        Assert.Equal(1000, firstVersion.Distinct().Count());
        // The provider accepted them before the dispatcher recorded it: wait for the record.
        var jobs = await Eventually.WaitForAsync(
            () => factory.CreateClient().GetFromJsonAsync<List<PushJob>>($"/api/alerts/{alert.Id}/pushes", SentinelaJson.Options),
            j => j!.Count(x => x.Version == 1 && x.Status == PushJobStatus.Sent) == 1000);
        Assert.Equal(1000, jobs!.Count(j => j.Version == 1 && j.Status == PushJobStatus.Sent && j.Provider == "Expo"));
        var message = _fakes.Expo.Messages.First();
        Assert.StartsWith("Surto detectado — ", message["title"]!.GetValue<string>());
        Assert.Equal(alert.Id.ToString(), message["data"]!["alertId"]!.GetValue<string>());
        await factory.DisposeAndDeleteAsync();
    }

    [Fact]
    public async Task A_dead_expo_token_is_removed_and_its_job_dead_lettered_with_the_reason()
    {
        await using var factory = new SentinelaFactory(Settings());
        var (users, devices) = await ManagersWithDevicesAsync(factory, users: 1, devicesEach: 2);
        _fakes.Expo.DeadTokens[devices[0].ExpoToken!] = true;

        var alert = await Outbreaks.PlateletsLowInContagemAsync(factory.CreateClient(), count: 20);
        await AcceptedAsync(alert.Id, version: 1, expected: 1);
        var jobs = await Eventually.WaitForAsync(() => factory.Services.GetRequiredService<IPushQueue>().ForAlertAsync(alert.Id, default),
            j => j.Count(x => x.Version == 1 && x.Status == PushJobStatus.Dead) == 1);

        var dead = Assert.Single(jobs, j => j.Version == 1 && j.Status == PushJobStatus.Dead);
        Assert.Equal(devices[0].DeviceId, dead.DeviceId);
        Assert.Contains("DeviceNotRegistered", dead.Reason);
        var left = await factory.Services.GetRequiredService<IDeviceStore>().ForUsersAsync(users, default);
        Assert.Equal([devices[1].DeviceId], left.Select(d => d.DeviceId));
        await factory.DisposeAndDeleteAsync();
    }

    [Fact]
    public async Task A_receipt_saying_device_not_registered_removes_the_token_and_dead_letters_the_sent_push()
    {
        await using var factory = new SentinelaFactory(Settings(
            ("Sentinela:Push:Dispatch:ReceiptDelay", "00:00:00"), ("Sentinela:Push:Dispatch:ReceiptInterval", "00:00:00.200")));
        var (users, devices) = await ManagersWithDevicesAsync(factory, users: 1, devicesEach: 2);
        _fakes.Expo.DeadOnReceipt[devices[1].ExpoToken!] = true;

        var alert = await Outbreaks.PlateletsLowInContagemAsync(factory.CreateClient(), count: 20);
        var jobs = await Eventually.WaitForAsync(() => factory.Services.GetRequiredService<IPushQueue>().ForAlertAsync(alert.Id, default),
            j => j.Any(x => x.Version == 1 && x.Status == PushJobStatus.Dead));

        var dead = Assert.Single(jobs, j => j.Version == 1 && j.Status == PushJobStatus.Dead);
        Assert.Equal((devices[1].DeviceId, "Expo receipt: DeviceNotRegistered"), (dead.DeviceId, dead.Reason));
        Assert.Contains(jobs, j => j.Version == 1 && j.DeviceId == devices[0].DeviceId && j.Status == PushJobStatus.Sent);
        Assert.Equal([devices[0].DeviceId], (await factory.Services.GetRequiredService<IDeviceStore>().ForUsersAsync(users, default)).Select(d => d.DeviceId));
        Assert.Contains(_fakes.Expo.Requests, r => r.Path.EndsWith("/getReceipts"));
        await factory.DisposeAndDeleteAsync();
    }

    [Fact]
    public async Task Failed_sends_are_retried_after_about_1_then_2_seconds_then_succeed()
    {
        await using var factory = new SentinelaFactory(Settings());
        await ManagersWithDevicesAsync(factory, users: 1, devicesEach: 1);
        _fakes.Expo.FailNext(2, 503);

        var alert = await Outbreaks.PlateletsLowInContagemAsync(factory.CreateClient(), count: 20);
        await AcceptedAsync(alert.Id, version: 1, expected: 1);

        var sends = _fakes.Expo.Requests.Where(r => r.Path.EndsWith("/send")).Take(3).Select(r => r.At).ToList();
        var gaps = sends.Zip(sends.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        Assert.InRange(gaps[0], 0.8, 3);   // 1 s ± 20 %, plus the worker's poll
        Assert.InRange(gaps[1], 1.6, 4);   // 2 s ± 20 %
        var jobs = await Eventually.WaitForAsync(() => factory.Services.GetRequiredService<IPushQueue>().ForAlertAsync(alert.Id, default),
            j => j.Any(x => x.Version == 1 && x.Status == PushJobStatus.Sent));
        var job = Assert.Single(jobs, j => j.Version == 1);
        Assert.Equal((PushJobStatus.Sent, 3), (job.Status, job.Attempts));
        await factory.DisposeAndDeleteAsync();
    }

    [Fact]
    public async Task Stopping_the_server_mid_batch_loses_no_push_and_repeats_none_the_provider_accepted()
    {
        var first = new SentinelaFactory(Settings(("Sentinela:Push:Dispatch:Workers", "2")));
        await ManagersWithDevicesAsync(first, users: 10, devicesEach: 100);
        _fakes.Expo.Latency = TimeSpan.FromMilliseconds(400);

        var alert = await Outbreaks.PlateletsLowInContagemAsync(first.CreateClient(), count: 20);
        await Eventually.WaitForAsync(() => Task.FromResult(ExpoRequestsFor(alert.Id, 1).Count), n => n >= 2);
        await first.DisposeAsync();   // the host stops while batches are in flight
        var beforeRestart = AcceptedTokens(alert.Id, 1).Count;

        await using var second = new SentinelaFactory(Settings(), first.DataDirectory);
        _ = second.Services;   // start it: the dispatcher picks up what is left
        var accepted = await AcceptedAsync(alert.Id, version: 1, expected: 1000);

        Assert.InRange(beforeRestart, 100, 999);
        Assert.Equal(1000, accepted.Count);
        Assert.Equal(1000, accepted.Distinct().Count());
        await second.DisposeAndDeleteAsync();
    }

    [Fact]
    public async Task On_missing_ack_pushes_only_to_users_who_did_not_acknowledge_in_real_time()
    {
        await using var server = new RealtimeServer(Settings(
            ("Sentinela:Push:Dispatch:Policy", "OnMissingAck"), ("Sentinela:Push:Dispatch:AckWindow", "00:00:02")));
        var devices = new Dictionary<string, Device>();
        foreach (var name in new[] { "acks", "ignores", "offline" })
            devices[name] = (await ManagerWithDeviceAsync(server.Factory, name)).Device!;
        var contagem = Jurisdiction.OfMunicipality(Outbreaks.Contagem);
        await using var acks = await server.ConnectAsync("acks", Role.MunicipalManager, contagem);
        await using var ignores = await server.ConnectAsync("ignores", Role.MunicipalManager, contagem);
        ignores.AutoAck = false;
        await acks.WatchAsync(new() { MunicipalityCode = Outbreaks.Contagem });
        await ignores.WatchAsync(new() { MunicipalityCode = Outbreaks.Contagem });

        var alert = await Outbreaks.PlateletsLowInContagemAsync(server.Http, count: 20);
        await AcceptedAsync(alert.Id, version: 1, expected: 2);
        var jobs = await Eventually.WaitForAsync(() => server.Factory.Services.GetRequiredService<IPushQueue>().ForAlertAsync(alert.Id, default),
            j => j.Where(x => x.Version == 1).All(x => x.Status is PushJobStatus.Sent or PushJobStatus.Skipped));

        Assert.Equal([devices["ignores"].ExpoToken!, devices["offline"].ExpoToken!], AcceptedTokens(alert.Id, 1).Order());
        var skipped = Assert.Single(jobs, j => j.Version == 1 && j.Status == PushJobStatus.Skipped);
        Assert.Equal((devices["acks"].DeviceId, "acknowledged-in-real-time"), (skipped.DeviceId, skipped.Reason));
    }

    [Fact]
    public async Task An_expo_outage_sends_the_traffic_direct_to_fcm_and_apns_and_expo_gets_it_back_when_it_recovers()
    {
        await using var factory = new SentinelaFactory(Settings(("Sentinela:Push:Breaker:BreakDuration", "00:00:01")));
        var store = factory.Services.GetRequiredService<IDeviceStore>();
        var coordinators = new List<Guid>();
        for (var u = 0; u < 4; u++)
        {
            var (id, _) = await ManagerWithDeviceAsync(factory, $"coordenador-{u}", devices: 0, Jurisdiction.OfState(31));
            coordinators.Add(id);
            // Every phone has its Expo token and its native one: half Android (FCM), half iPhone (APNs).
            for (var d = 0; d < 100; d++)
                await store.UpsertAsync(new Device($"c{u}-{d}", id, $"ExponentPushToken[c{u}-{d}]", d % 2 == 0 ? $"fcm-c{u}-{d}" : null,
                    d % 2 == 1 ? Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(u * 1000 + d))) : null,
                    DateTimeOffset.UtcNow), default);
        }
        var queue = factory.Services.GetRequiredService<IPushQueue>();
        async Task<IReadOnlyList<PushJob>> SettledAsync(Guid alertId) => await Eventually.WaitForAsync(() => queue.ForAlertAsync(alertId, default),
            jobs => jobs.Count(j => j.Version == 1 && j.Status == PushJobStatus.Sent) == 400, TimeSpan.FromSeconds(60));

        _fakes.Expo.Down = true;
        var during = await Outbreaks.PlateletsLowInContagemAsync(factory.CreateClient(), count: 20);
        var duringJobs = (await SettledAsync(during.Id)).Where(j => j.Version == 1).ToList();

        Assert.True(duringJobs.All(j => j.Status == PushJobStatus.Sent),
            string.Join("; ", duringJobs.Where(j => j.Status != PushJobStatus.Sent).Select(j => $"{j.DeviceId} {j.Status} {j.Attempts} {j.Provider} {j.Reason}")));
        Assert.Empty(AcceptedTokens(during.Id, 1));
        Assert.Equal(200, duringJobs.Count(j => j.Provider == "Fcm"));
        Assert.Equal(200, duringJobs.Count(j => j.Provider == "Apns"));

        _fakes.Expo.Down = false;
        await Task.Delay(TimeSpan.FromSeconds(1.2));   // the break runs out: the next call is the probe
        var after = await Outbreaks.PlateletsLowAsync(factory.CreateClient(), Outbreaks.Uberlandia, count: 20);
        var afterJobs = (await SettledAsync(after.Id)).Where(j => j.Version == 1).ToList();

        Assert.True(afterJobs.Count(j => j.Provider == "Expo") >= 100, $"Expo took {afterJobs.Count(j => j.Provider == "Expo")} of 400");
        Assert.Equal(afterJobs.Count(j => j.Provider == "Expo"), AcceptedTokens(after.Id, 1).Distinct().Count());
        await factory.DisposeAndDeleteAsync();
    }

    async Task<List<string>> AcceptedAsync(Guid alertId, int version, int expected) =>
        await Eventually.WaitForAsync(() => Task.FromResult(AcceptedTokens(alertId, version)), t => t.Count >= expected, TimeSpan.FromSeconds(60));

    List<string> AcceptedTokens(Guid alertId, int version) =>
        _fakes.Expo.Messages.Where(m => IsFor(m, alertId, version)).Select(m => m["to"]!.GetValue<string>())
            .Where(t => !_fakes.Expo.DeadTokens.ContainsKey(t)).ToList();

    List<List<JsonObject>> ExpoRequestsFor(Guid alertId, int version) =>
        _fakes.Expo.Requests.Where(r => r.Path.EndsWith("/send")).Select(r => JsonNode.Parse(r.Body)!.AsArray().Cast<JsonObject>().ToList())
            .Where(messages => messages.All(m => IsFor(m, alertId, version))).ToList();

    static bool IsFor(JsonObject message, Guid alertId, int version) =>
        message["data"]?["alertId"]?.GetValue<string>() == alertId.ToString() && message["data"]?["version"]?.GetValue<string>() == version.ToString();

    /// <summary>Municipal managers of Contagem (accounts stored directly: no password hashing needed), each with Expo devices.</summary>
    static async Task<(List<Guid> Users, List<Device> Devices)> ManagersWithDevicesAsync(SentinelaFactory factory, int users, int devicesEach)
    {
        var (ids, all) = (new List<Guid>(), new List<Device>());
        for (var u = 0; u < users; u++)
        {
            var (id, _) = await ManagerWithDeviceAsync(factory, $"gestor-{u}", devicesEach);
            ids.Add(id);
        }
        all.AddRange(await factory.Services.GetRequiredService<IDeviceStore>().ForUsersAsync(ids, default));
        return (ids, all);
    }

    static async Task<(Guid Id, Device? Device)> ManagerWithDeviceAsync(SentinelaFactory factory, string name, int devices = 1, Jurisdiction? jurisdiction = null)
    {
        var id = SentinelaFactory.UserId(name);
        var cpf = Cpf.Parse(CpfFor(id));
        var role = jurisdiction?.Kind == JurisdictionKind.State ? Role.StateCoordinator : Role.MunicipalManager;
        await factory.Services.GetRequiredService<IAccountStore>().AddUserAsync(new UserAccount(id, cpf, name, role,
            jurisdiction ?? Jurisdiction.OfMunicipality(Outbreaks.Contagem), null, "not-a-password-hash", DateTimeOffset.UtcNow), default);
        Device? first = null;
        for (var d = 0; d < devices; d++)
        {
            var device = new Device($"{name}-phone-{d}", id, $"ExponentPushToken[{name}-{d}]", null, null, DateTimeOffset.UtcNow);
            await factory.Services.GetRequiredService<IDeviceStore>().UpsertAsync(device, default);
            first ??= device;
        }
        return (id, first);
    }

    /// <summary>A valid CPF derived from a user id, so every test user has a distinct one.</summary>
    static string CpfFor(Guid id)
    {
        var digits = id.ToByteArray().Take(9).Select(b => b % 10).ToList();
        if (digits.All(d => d == digits[0])) digits[0] = (digits[0] + 1) % 10;
        for (var n = 9; n <= 10; n++)
        {
            var sum = digits.Select((d, i) => d * (n + 1 - i)).Sum();
            digits.Add(sum % 11 < 2 ? 0 : 11 - sum % 11);
        }
        return string.Concat(digits);
    }
}

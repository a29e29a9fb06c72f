using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Sentinela.Server;
using Sentinela.Server.Alerts;
using Sentinela.Server.Delivery;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Delivery;

/// <summary>Real clients over real sockets on 127.0.0.1, alerts raised through the real FHIR ingestion path.</summary>
public sealed class RealtimeDeliveryTests
{
    static readonly WatchArea AroundBeloHorizonte = new() { Latitude = -19.92, Longitude = -43.94, RadiusKm = 10 };
    static readonly WatchArea AroundUberlandia = new() { Latitude = -18.91, Longitude = -48.27, RadiusKm = 50 };

    [Fact]
    public async Task A_client_watching_the_area_receives_the_alert_and_one_outside_does_not()
    {
        await using var server = new RealtimeServer();
        await using var inside = await server.ConnectAsync();
        await using var municipality = await server.ConnectAsync();
        await using var outside = await server.ConnectAsync();
        await using var otherState = await server.ConnectAsync();
        await inside.WatchAsync(AroundBeloHorizonte);
        await municipality.WatchAsync(new WatchArea { MunicipalityCode = Outbreaks.Contagem });
        await outside.WatchAsync(AroundUberlandia);
        await otherState.WatchAsync(new WatchArea { State = "SP" });

        var alert = await Outbreaks.PlateletsLowInContagemAsync(server.Http);
        foreach (var probe in new[] { inside, municipality, outside, otherState }) await probe.SyncAsync();

        // Each version at most once, in order, ending at the newest (versions published within a fan-out tick coalesce).
        var versions = inside.Alerts.Select(e => e.Alert.Version).ToList();
        Assert.Equal(versions.Distinct().Order(), versions);
        Assert.Equal(alert.Version, versions[^1]);
        Assert.All(inside.Alerts, e => Assert.Equal(alert.Id, e.Alert.Id));
        Assert.Equal("raised", inside.Alerts.First().EventType);
        Assert.Equal(inside.Alerts.Select(e => e.Sequence), municipality.Alerts.Select(e => e.Sequence));
        Assert.Empty(outside.Alerts);
        Assert.Empty(otherState.Alerts);
    }

    [Fact]
    public async Task Event_type_filters_are_honoured()
    {
        await using var server = new RealtimeServer();
        await using var raisedOnly = await server.ConnectAsync();
        await raisedOnly.WatchAsync(AroundBeloHorizonte with { EventTypes = ["raised"] });

        await Outbreaks.PlateletsLowInContagemAsync(server.Http, count: 20);
        var alert = await Outbreaks.PlateletsLowInContagemAsync(server.Http, count: 60);
        await raisedOnly.SyncAsync();

        Assert.True(alert.Version > 1);
        Assert.Equal(1, Assert.Single(raisedOnly.Alerts).Alert.Version);
    }

    [Fact]
    public async Task A_client_that_was_away_receives_exactly_the_missed_events_in_order_once_each_before_live_ones()
    {
        await using var server = new RealtimeServer();
        var first = await server.ConnectAsync("manager-1");
        await first.WatchAsync(AroundBeloHorizonte);
        await Outbreaks.PlateletsLowInContagemAsync(server.Http, count: 30);
        await first.SyncAsync();
        var lastSeen = first.Alerts.Max(e => e.Sequence);
        await first.DisposeAsync();

        // While away: more cases (new versions), and an unrelated alert elsewhere it must not get.
        var latest = await Outbreaks.PlateletsLowInContagemAsync(server.Http, count: 60);
        // Fanned out while it is away: the fan-out's next tick may come after the reconnect, and a version sent live
        // to the new connection before its resume is (rightly, at least once) replayed again.
        await server.SettleAsync();
        var missed = (await server.Http.GetFromJsonAsync<AlertDetails>($"/api/alerts/{latest.Id}", SentinelaJson.Options))!
            .History.Where(v => v.Sequence > lastSeen).Select(v => v.Sequence).ToList();
        Assert.NotEmpty(missed);

        await using var again = await server.ConnectAsync("manager-1");
        await again.WatchAsync(AroundBeloHorizonte);
        var result = await again.Connection.InvokeAsync<ResumeResult>("Resume", lastSeen);
        await again.SyncAsync();

        Assert.Equal(missed, again.Alerts.Select(e => e.Sequence));
        Assert.All(again.Alerts, e => Assert.True(e.Replayed));
        Assert.Equal(missed.Count, result.Replayed);
        Assert.False(result.ReloadRequired);
        Assert.Equal(result, Assert.Single(again.Resumes));

        // Live events continue after the replay.
        await Outbreaks.PlateletsLowInContagemAsync(server.Http, count: 40);
        await again.SyncAsync();
        var live = again.Alerts.Skip(missed.Count).ToList();
        Assert.NotEmpty(live);
        Assert.All(live, e => Assert.False(e.Replayed));
        Assert.True(again.Alerts.Select(e => e.Sequence).SequenceEqual(again.Alerts.Select(e => e.Sequence).Order()));
    }

    [Fact]
    public async Task A_client_too_far_behind_is_told_to_reload()
    {
        await using var server = new RealtimeServer(new() { ["Sentinela:Delivery:MaxReplay"] = "1" });
        await Outbreaks.PlateletsLowInContagemAsync(server.Http, count: 20);
        await Outbreaks.PlateletsLowInContagemAsync(server.Http, count: 60);
        // The fan-out's next tick could otherwise send the last version live to the new connection.
        await server.SettleAsync();
        await using var late = await server.ConnectAsync();
        await late.WatchAsync(AroundBeloHorizonte);

        var result = await late.Connection.InvokeAsync<ResumeResult>("Resume", 0L);

        Assert.True(result.ReloadRequired);
        Assert.Empty(late.Alerts);
        var log = await server.Http.GetFromJsonAsync<AlertList>("/api/alerts", SentinelaJson.Options);
        Assert.Equal(log!.LastSequence, result.LastSequence);
    }

    [Fact]
    public async Task An_unacknowledged_alert_is_sent_again_three_times_then_recorded_failed_and_an_acked_one_is_recorded_acked()
    {
        await using var server = new RealtimeServer(new() { ["Sentinela:Delivery:AckTimeout"] = "00:00:00.300" });
        await using var silent = await server.ConnectAsync("silent");
        await using var polite = await server.ConnectAsync("polite");
        silent.AutoAck = false;
        await silent.WatchAsync(AroundBeloHorizonte with { EventTypes = ["raised"] });
        await polite.WatchAsync(AroundBeloHorizonte with { EventTypes = ["raised"] });

        var alert = await Outbreaks.PlateletsLowInContagemAsync(server.Http, count: 20);
        var records = await Eventually.WaitForAsync(
            () => server.Http.GetFromJsonAsync<List<DeliveryRecord>>($"/api/alerts/{alert.Id}/deliveries", SentinelaJson.Options),
            r => r!.Any(x => x.Recipient == SentinelaFactory.UserId("silent").ToString() && x.Status == DeliveryStatus.Failed) && r!.Any(x => x.Recipient == SentinelaFactory.UserId("polite").ToString() && x.Status == DeliveryStatus.Acked));
        await silent.SyncAsync();
        await polite.SyncAsync();

        Assert.Equal([1, 2, 3, 4], silent.Alerts.Select(e => e.Attempt));
        Assert.All(silent.Alerts, e => Assert.Equal((alert.Id, 1), (e.Alert.Id, e.Alert.Version)));
        var failed = Assert.Single(records!, r => r.Recipient == SentinelaFactory.UserId("silent").ToString());
        Assert.Equal(DeliveryStatus.Failed, failed.Status);
        Assert.Equal(4, failed.Attempts);
        Assert.NotNull(failed.FailedAt);
        var acked = Assert.Single(records!, r => r.Recipient == SentinelaFactory.UserId("polite").ToString());
        Assert.Equal(1, acked.Attempts);
        Assert.NotNull(acked.AckedAt);
        Assert.Single(polite.Alerts);
    }

    [Theory]
    [InlineData(HttpTransportType.ServerSentEvents, false)]
    [InlineData(HttpTransportType.LongPolling, false)]
    [InlineData(HttpTransportType.WebSockets, true)]
    [InlineData(HttpTransportType.LongPolling, true)]
    public async Task Fallback_transports_and_MessagePack_deliver(HttpTransportType transport, bool messagePack)
    {
        await using var server = new RealtimeServer();
        await using var probe = await server.ConnectAsync(transport: transport, messagePack: messagePack);
        await probe.WatchAsync(new WatchArea { State = "MG" });

        var alert = await Outbreaks.PlateletsLowInContagemAsync(server.Http, count: 20);
        await probe.SyncAsync();

        var received = Assert.Single(probe.Alerts, e => e.Alert.Version == 1);
        Assert.Equal(alert.Id, received.Alert.Id);
        Assert.Equal(alert.Headline.Length > 0, received.Alert.Headline.StartsWith("Surto detectado"));
        Assert.Equal(alert.Area.MunicipalityCode, received.Alert.Area.MunicipalityCode);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("both")]
    [InlineData("badradius")]
    [InlineData("badstate")]
    [InlineData("badmunicipality")]
    [InlineData("badevent")]
    public async Task Invalid_watch_areas_are_refused_with_a_reason(string kind)
    {
        await using var server = new RealtimeServer();
        await using var probe = await server.ConnectAsync();
        var area = kind switch
        {
            "both" => new WatchArea { State = "MG", MunicipalityCode = 3106200 },
            "badradius" => AroundBeloHorizonte with { RadiusKm = -1 },
            "badstate" => new WatchArea { State = "XX" },
            "badmunicipality" => new WatchArea { MunicipalityCode = 1234567 },
            "badevent" => new WatchArea { State = "MG", EventTypes = ["exploded"] },
            _ => new WatchArea(),
        };

        var error = await Assert.ThrowsAsync<HubException>(() => probe.WatchAsync(area));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public async Task A_connection_may_hold_only_so_many_watch_areas()
    {
        await using var server = new RealtimeServer(new() { ["Sentinela:Delivery:MaxWatchAreasPerConnection"] = "2" });
        await using var probe = await server.ConnectAsync();
        await probe.WatchAsync(new WatchArea { State = "MG" });
        await probe.WatchAsync(new WatchArea { State = "SP" });

        await Assert.ThrowsAsync<HubException>(() => probe.WatchAsync(new WatchArea { State = "RJ" }));
    }
    [Fact]
    public async Task Subscribing_again_with_an_area_id_replaces_that_area()
    {
        await using var server = new RealtimeServer();
        await using var probe = await server.ConnectAsync();
        await probe.WatchAsync(AroundBeloHorizonte with { Id = "mine" });
        var moved = await probe.WatchAsync(AroundUberlandia with { Id = "mine" });

        await Outbreaks.PlateletsLowInContagemAsync(server.Http, count: 20);
        await probe.SyncAsync();

        Assert.Equal("mine", moved.Id);
        Assert.Empty(probe.Alerts);
    }

    [Fact]
    public async Task Duplicate_acks_are_harmless_and_every_delivery_is_recorded_acked()
    {
        await using var server = new RealtimeServer();
        await using var probe = await server.ConnectAsync("twice");
        await probe.WatchAsync(AroundBeloHorizonte);

        var alert = await Outbreaks.PlateletsLowInContagemAsync(server.Http, count: 20);
        await probe.SyncAsync();
        foreach (var e in probe.Alerts) await probe.Connection.InvokeAsync("AckUpTo", e.Sequence);

        var records = await Eventually.WaitForAsync(
            () => server.Http.GetFromJsonAsync<List<DeliveryRecord>>($"/api/alerts/{alert.Id}/deliveries", SentinelaJson.Options),
            r => r!.Count == probe.Alerts.Count && r.All(x => x.Status == DeliveryStatus.Acked));
        Assert.Equal(probe.Alerts.Count, records!.Count);
        Assert.All(records, r => Assert.Equal(DeliveryStatus.Acked, r.Status));
        Assert.All(records, r => Assert.Equal(SentinelaFactory.UserId("twice").ToString(), r.Recipient));
    }
}

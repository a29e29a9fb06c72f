using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Connections;
using Sentinela.Client;
using Sentinela.Tests.Infrastructure.Services;
using Geo = Sentinela.Geography;
using ServerAlerts = Sentinela.Server.Alerts;
using ServerOutbreaks = Sentinela.Server.Analysis.Outbreaks;
using ServerHemograms = Sentinela.Server.Hemograms;

namespace Sentinela.Tests.Client;

/// <summary>The SDK against a hub on a real socket: resume, dedup, ack, reconnect with re-subscription.</summary>
public sealed class SentinelaAlertClientTests
{
    static readonly Guid A = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
    static readonly Guid B = Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    static readonly Guid C = Guid.Parse("3f2504e0-4f89-41d3-9a0c-0305e82c3301");
    static readonly WatchArea Contagem50Km = WatchArea.ForCircle(-19.93, -44.05, 50);

    /// <summary>Everything the client raised, in order, as short strings, plus the raw values.</summary>
    sealed class Recorder
    {
        public ConcurrentQueue<string> Timeline { get; } = new();
        public ConcurrentQueue<AlertEvent> Alerts { get; } = new();
        public ConcurrentQueue<ResumeResult> Resumes { get; } = new();
        public ConcurrentQueue<ResumeResult> Reloads { get; } = new();
        public ConcurrentQueue<ClientConnectionState> States { get; } = new();

        public Recorder(SentinelaAlertClient client)
        {
            client.AlertReceived += e =>
            {
                Alerts.Enqueue(e);
                Timeline.Enqueue($"alert {e.Sequence}{(e.Replayed ? " replayed" : "")}");
            };
            client.ResumeCompleted += r =>
            {
                Resumes.Enqueue(r);
                Timeline.Enqueue($"resumed from {r.FromSequence} to {r.LastSequence}");
            };
            client.ReloadRequired += Reloads.Enqueue;
            client.StateChanged += change => States.Enqueue(change.State);
        }
    }

    static SentinelaAlertClient ClientFor(Uri server, HubProtocol protocol = HubProtocol.Json) => new(new SentinelaClientOptions
    {
        ServerUrl = server,
        Protocol = protocol,
        ReconnectDelays = [TimeSpan.FromMilliseconds(50)],
        Jitter = 0,
    });

    [Theory]
    [InlineData(HubProtocol.Json, "Alert", "Resumed")]
    [InlineData(HubProtocol.MessagePack, "Alert", "Resumed")]
    [InlineData(HubProtocol.Json, "alert", "resumed")]
    [InlineData(HubProtocol.MessagePack, "alert", "resumed")]
    public async Task Replays_missed_alerts_then_live_ones_raising_each_version_once_and_acknowledging_every_delivery(
        HubProtocol protocol, string alertMethod, string resumedMethod)
    {
        await using var server = await FakeAlertServer.StartAsync();
        server.State.AlertMethod = alertMethod;
        server.State.ResumedMethod = resumedMethod;
        foreach (var alert in new[] { Alert(A, 1, 1), Alert(A, 2, 2), Alert(B, 1, 3) }) server.State.Log.Enqueue(alert);
        await using var client = ClientFor(server.Url, protocol);
        var seen = new Recorder(client);

        await client.ConnectAsync();
        var granted = await client.SubscribeAsync(Contagem50Km);

        Assert.Equal("area-1", granted.Id);
        await Until(() => seen.Resumes.Count == 1, "the resume");
        Assert.Equal(["alert 1 replayed", "alert 2 replayed", "alert 3 replayed", "resumed from 0 to 3"], seen.Timeline);
        Assert.Equal(3, client.LastSequence);
        var first = seen.Alerts.First();
        Assert.Equal((A, 1, AlertEventTypes.Raised, 1), (first.Alert.Id, first.Alert.Version, first.EventType, first.Attempt));
        Assert.Equal((AlertSeverity.Critical, HemogramParameter.Platelets, AreaKind.Municipality, "Contagem"),
            (first.Alert.Severity, first.Alert.Parameter, first.Alert.Area.Kind, first.Alert.Area.MunicipalityName));

        await server.SendLiveAsync(Alert(A, 2, 2), attempt: 2); // a resend of what the replay already delivered
        await server.SendLiveAsync(Alert(C, 1, 4));

        await Until(() => server.State.Acks.LastOrDefault() == 4, "the ack up to sequence 4");
        Assert.Equal(4, seen.Alerts.Count);
        Assert.Equal((C, false), (seen.Alerts.Last().Alert.Id, seen.Alerts.Last().Replayed));
        // Cumulative: each ack carries the highest sequence processed, so they never go down.
        Assert.Equal(server.State.Acks.Order(), server.State.Acks);
        Assert.Equal(4, client.LastSequence);
        Assert.Equal([0L], server.State.Resumes);
    }

    [Fact]
    public async Task After_a_dropped_connection_it_resubscribes_the_same_areas_and_resumes_from_the_last_sequence()
    {
        await using var server = await FakeAlertServer.StartAsync();
        await using var client = ClientFor(server.Url, HubProtocol.MessagePack);
        var seen = new Recorder(client);
        await client.ConnectAsync();
        var circle = await client.SubscribeAsync(Contagem50Km);
        var state = await client.SubscribeAsync(WatchArea.ForState("MG") with { Id = "minas" });
        var firstConnection = client.ConnectionId;
        server.State.Log.Enqueue(Alert(A, 1, 1));
        await server.SendLiveAsync(Alert(A, 1, 1));
        await Until(() => client.LastSequence == 1, "the live alert");

        server.State.Log.Enqueue(Alert(A, 2, 2)); // happens while the client is away
        server.DropConnections();

        await Until(() => seen.Alerts.Count == 2 && seen.Resumes.Count == 3, "the replay after reconnecting");
        Assert.NotEqual(firstConnection, client.ConnectionId);
        var resubscribed = server.State.Subscribes.Where(s => s.ConnectionId == client.ConnectionId).Select(s => s.Area.Id);
        Assert.Equal(["area-1", "minas"], resubscribed.Order());
        Assert.Equal([0L, 0L, 1L], server.State.Resumes);
        Assert.Equal((2, true), (seen.Alerts.Last().Alert.Version, seen.Alerts.Last().Replayed));
        Assert.Equal(2, client.LastSequence);
        Assert.Equal([circle.Id, state.Id], client.Areas.Select(a => a.Id));
        Assert.Equal(
            [ClientConnectionState.Connecting, ClientConnectionState.Connected, ClientConnectionState.Reconnecting, ClientConnectionState.Connected],
            seen.States);
    }

    [Fact]
    public async Task Reload_required_is_raised_and_moves_the_last_sequence_to_the_servers()
    {
        await using var server = await FakeAlertServer.StartAsync();
        server.State.ReloadUpTo = 42;
        await using var client = ClientFor(server.Url);
        var seen = new Recorder(client);
        await client.ConnectAsync();

        await client.SubscribeAsync(WatchArea.ForMunicipality(3118601));

        await Until(() => seen.Reloads.Count == 1, "the reload");
        Assert.Equal(42, seen.Reloads.Single().LastSequence);
        Assert.Equal(42, client.LastSequence);
        Assert.Single(seen.Resumes);
        await server.SendLiveAsync(Alert(C, 1, 43));
        await Until(() => client.LastSequence == 43, "the next live alert");
    }

    [Fact]
    public async Task An_alert_the_app_failed_to_handle_is_not_acknowledged_and_its_resend_is_handed_over_again()
    {
        await using var server = await FakeAlertServer.StartAsync();
        await using var client = ClientFor(server.Url);
        var calls = 0;
        client.AlertReceived += _ =>
        {
            if (Interlocked.Increment(ref calls) == 1) throw new InvalidOperationException("the app's database was down");
        };
        await client.ConnectAsync();
        await client.SubscribeAsync(Contagem50Km);

        await server.SendLiveAsync(Alert(A, 1, 1));
        await Until(() => Volatile.Read(ref calls) == 1, "the first delivery");
        Assert.Equal(0, client.LastSequence);
        await server.SendLiveAsync(Alert(A, 1, 1), attempt: 2);

        await Until(() => server.State.Acks.Count == 1, "the ack");
        Assert.Equal(2, Volatile.Read(ref calls));
        Assert.Equal([1L], server.State.Acks);
        Assert.Equal(1, client.LastSequence);
    }

    [Fact]
    public async Task The_cumulative_ack_stays_below_an_alert_whose_handler_threw_until_its_resend_is_handled()
    {
        await using var server = await FakeAlertServer.StartAsync();
        await using var client = ClientFor(server.Url);
        var calls = 0;
        client.AlertReceived += e =>
        {
            if (e.Alert.Id == A && Interlocked.Increment(ref calls) == 1) throw new InvalidOperationException("the app's database was down");
        };
        await client.ConnectAsync();
        await client.SubscribeAsync(Contagem50Km);

        await server.SendLiveAsync(Alert(A, 1, 1));
        await server.SendLiveAsync(Alert(B, 1, 2));
        await Until(() => client.LastSequence == 2, "the second alert");
        await server.SendLiveAsync(Alert(C, 1, 3));
        await Until(() => client.LastSequence == 3, "the third alert");
        await Task.Delay(600); // longer than the ack interval: an ack would have gone out by now
        Assert.Empty(server.State.Acks);

        await server.SendLiveAsync(Alert(A, 1, 1), attempt: 2);

        await Until(() => server.State.Acks.LastOrDefault() == 3, "the ack past the resend");
        Assert.Equal([3L], server.State.Acks);
    }

    [Fact]
    public async Task Acks_are_batched_one_per_interval_carrying_the_highest_sequence()
    {
        await using var server = await FakeAlertServer.StartAsync();
        await using var client = new SentinelaAlertClient(new SentinelaClientOptions
        {
            ServerUrl = server.Url,
            AckInterval = TimeSpan.FromSeconds(2),
        });
        await client.ConnectAsync();
        await client.SubscribeAsync(Contagem50Km);

        for (var i = 1; i <= 20; i++) await server.SendLiveAsync(Alert(Guid.NewGuid(), 1, i));

        await Until(() => server.State.Acks.LastOrDefault() == 20, "the ack up to 20");
        // The first event is acked at once; the 19 sent within the next interval ride on one more ack (two on a slow machine).
        Assert.InRange(server.State.Acks.Count, 1, 4);
    }

    [Fact]
    public async Task Keeps_trying_to_connect_until_the_server_comes_up()
    {
        var port = FreePorts.Take();
        await using var client = ClientFor(new Uri($"http://127.0.0.1:{port}"));
        var seen = new Recorder(client);

        var connecting = client.ConnectAsync();
        await Until(() => seen.States.Count(s => s == ClientConnectionState.Reconnecting) >= 2, "two failed attempts");
        Assert.False(connecting.IsCompleted);
        await using var server = await FakeAlertServer.StartAsync(port);

        await connecting.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(ClientConnectionState.Connected, client.State);
        Assert.Single(server.State.Connections);
    }

    [Fact]
    public async Task A_broken_socket_is_reconnected_by_SignalR_and_the_areas_restored()
    {
        await using var server = await FakeAlertServer.StartAsync();
        var sockets = new ConcurrentQueue<ClientWebSocket>();
        await using var client = new SentinelaAlertClient(new SentinelaClientOptions
        {
            ServerUrl = server.Url,
            Transports = HttpTransportType.WebSockets,
            ReconnectDelays = [TimeSpan.FromMilliseconds(50)],
            Jitter = 0,
            ConfigureConnection = http => http.WebSocketFactory = async (context, ct) =>
            {
                var socket = new ClientWebSocket();
                sockets.Enqueue(socket);
                await socket.ConnectAsync(context.Uri, ct);
                return socket;
            },
        });
        var seen = new Recorder(client);
        await client.ConnectAsync();
        await client.SubscribeAsync(Contagem50Km);
        server.State.Log.Enqueue(Alert(A, 1, 1));
        await server.SendLiveAsync(Alert(A, 1, 1));
        await Until(() => client.LastSequence == 1, "the live alert");
        server.State.Log.Enqueue(Alert(A, 2, 2));

        sockets.Last().Abort(); // no close message: SignalR's automatic reconnect takes over

        await Until(() => seen.Resumes.Count == 2, "the resume after reconnecting");
        Assert.Equal([0L, 1L], server.State.Resumes);
        Assert.Equal(2, client.LastSequence);
        Assert.Equal(2, server.State.Subscribes.Count);
        Assert.Equal([ClientConnectionState.Connecting, ClientConnectionState.Connected, ClientConnectionState.Reconnecting, ClientConnectionState.Connected],
            seen.States);
    }

    [Fact]
    public async Task When_the_server_closes_without_allowing_a_reconnect_the_client_keeps_connecting_on_its_own()
    {
        await using var server = await FakeAlertServer.StartAsync();
        await using var client = ClientFor(server.Url);
        var seen = new Recorder(client);
        await client.ConnectAsync();
        await client.SubscribeAsync(Contagem50Km);
        server.State.RejectNextConnections(2);

        server.DropConnections();

        await Until(() => seen.Resumes.Count == 2, "the resume after reconnecting");
        Assert.Equal(ClientConnectionState.Connected, client.State);
        Assert.Equal(["area-1", "area-1"], server.State.Subscribes.Select(s => s.Area.Id));
        Assert.Contains(ClientConnectionState.Reconnecting, seen.States);
    }

    [Fact]
    public async Task Without_a_resumed_message_the_resume_result_completes_the_resume()
    {
        await using var server = await FakeAlertServer.StartAsync();
        server.State.SendResumedMessage = false;
        server.State.Log.Enqueue(Alert(B, 1, 7));
        await using var client = ClientFor(server.Url);
        var seen = new Recorder(client);
        await client.ConnectAsync();

        await client.SubscribeAsync(Contagem50Km);

        await Until(() => seen.Resumes.Count == 1, "the resume");
        Assert.Equal(["alert 7 replayed", "resumed from 0 to 7"], seen.Timeline);
    }

    [Fact]
    public async Task An_unsubscribed_area_is_not_restored_after_a_reconnect()
    {
        await using var server = await FakeAlertServer.StartAsync();
        await using var client = ClientFor(server.Url);
        var seen = new Recorder(client);
        await client.ConnectAsync();
        var circle = await client.SubscribeAsync(Contagem50Km);
        var state = await client.SubscribeAsync(WatchArea.ForState("MG"));

        Assert.True(await client.UnsubscribeAsync(circle.Id!));
        Assert.False(await client.UnsubscribeAsync("no-such-area"));
        Assert.Equal([circle.Id!], server.State.Unsubscribes);
        server.DropConnections();

        await Until(() => seen.Resumes.Count == 3, "the resume after reconnecting");
        var restored = server.State.Subscribes.Where(s => s.ConnectionId == client.ConnectionId).Select(s => s.Area.Id);
        Assert.Equal([state.Id], restored);
        Assert.Equal([state.Id], client.Areas.Select(a => a.Id));
    }

    [Fact]
    public async Task A_subscribe_cut_short_by_a_dropped_connection_is_asked_again_on_the_next_connection()
    {
        await using var server = await FakeAlertServer.StartAsync();
        await using var client = ClientFor(server.Url);
        var seen = new Recorder(client);
        await client.ConnectAsync();
        var firstConnection = client.ConnectionId;
        server.State.DropDuringNext("Subscribe");

        var granted = await client.SubscribeAsync(Contagem50Km).WaitAsync(TimeSpan.FromSeconds(15));

        var (connection, area) = Assert.Single(server.State.Subscribes);
        Assert.Equal((client.ConnectionId, granted.Id), (connection, area.Id));
        Assert.NotEqual(firstConnection, connection);
        Assert.Equal([granted.Id], client.Areas.Select(a => a.Id));
        server.State.Log.Enqueue(Alert(A, 1, 1));
        await server.SendLiveAsync(Alert(A, 1, 1));
        await Until(() => client.LastSequence == 1, "the live alert on the area");
        Assert.Equal(ClientConnectionState.Connected, client.State);
    }

    [Fact]
    public async Task A_resume_cut_short_by_a_dropped_connection_keeps_the_area_and_replays_on_the_next_connection()
    {
        await using var server = await FakeAlertServer.StartAsync();
        server.State.Log.Enqueue(Alert(B, 1, 4));
        await using var client = ClientFor(server.Url);
        var seen = new Recorder(client);
        await client.ConnectAsync();
        server.State.DropDuringNext("Resume");

        var granted = await client.SubscribeAsync(Contagem50Km).WaitAsync(TimeSpan.FromSeconds(15));

        await Until(() => seen.Resumes.Count == 1, "the resume on the next connection");
        Assert.Equal(["alert 4 replayed", "resumed from 0 to 4"], seen.Timeline);
        Assert.Equal([granted.Id, granted.Id], server.State.Subscribes.Select(s => s.Area.Id));
        Assert.Equal(client.ConnectionId, server.State.Subscribes.Last().ConnectionId);
        Assert.Equal([granted.Id], client.Areas.Select(a => a.Id));
    }

    [Fact]
    public async Task Subscribing_before_connecting_or_with_a_malformed_area_fails_at_the_call()
    {
        await using var client = ClientFor(new Uri("http://127.0.0.1:9"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.SubscribeAsync(Contagem50Km));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SubscribeAsync(new WatchArea { State = "MG", MunicipalityCode = 3118601 }));
    }

    static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }

    static ServerAlerts.OutbreakAlert Alert(Guid id, int version, long sequence) => new()
    {
        Id = id,
        Version = version,
        Sequence = sequence,
        Status = ServerAlerts.AlertStatus.Active,
        Detector = ServerOutbreaks.DetectorKind.SpaceTimeScan,
        Parameter = ServerHemograms.HemogramParameter.Platelets,
        Direction = ServerHemograms.Direction.Low,
        Severity = ServerAlerts.AlertSeverity.Critical,
        Area = new ServerAlerts.AlertArea(ServerAlerts.AreaKind.Municipality, new Geo.GeoPoint(-19.93, -44.05), 10, 31, "MG", 3118601, "Contagem",
            [3118601]),
        Statistics = new ServerAlerts.AlertStatistics(48, 12, 36, 4, 120, 0.4, 0.1, 1e-9, 1e7,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(7), ServerAlerts.AlertTrend.Rising, 2),
        RaisedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch.AddSeconds(sequence),
        ReportingLabs = ["lab-a"],
        EvidenceCount = 48,
        Headline = $"Plaquetas baixas em Contagem/MG (seq {sequence})",
        SuggestedAction = "Investigar.",
    };
}

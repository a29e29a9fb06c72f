using Sentinela.Server.Push;
using static Sentinela.Tests.Push.PushSamples;

namespace Sentinela.Tests.Push;

/// <summary>Routing between Expo and the direct providers as Expo's circuit breaker opens and closes.</summary>
public sealed class PushRouterTests : IAsyncLifetime
{
    PushTestBed _bed = null!;

    static readonly PushRecipient Android = new("android", [ExpoToken(1), FcmToken(1)]);
    static readonly PushRecipient Iphone = new("iphone", [ExpoToken(2), ApnsToken(2)]);
    static readonly PushRecipient ExpoOnly = new("expo-only", [ExpoToken(3)]);
    static readonly PushRecipient[] Devices = [Android, Iphone, ExpoOnly];

    public async Task InitializeAsync() => _bed = await PushTestBed.StartAsync();
    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Devices_with_an_expo_token_go_through_expo_while_it_is_healthy()
    {
        var deliveries = await _bed.Router.SendAsync(Alert(), Devices, default);

        Assert.All(deliveries, d => Assert.Equal((PushTokenKind.Expo, PushOutcomeKind.Accepted), (d.Outcome.Target.Kind, d.Outcome.Kind)));
        Assert.Equal(Devices, deliveries.Select(d => d.Recipient));
        Assert.Single(_bed.Expo.Requests);
        Assert.Empty(_bed.Google.Requests);
        Assert.Empty(_bed.Apns.Requests);
    }

    [Fact]
    public async Task Devices_without_an_expo_token_go_direct()
    {
        var deliveries = await _bed.Router.SendAsync(Alert(), [new PushRecipient("native-android", [FcmToken(9)]), new PushRecipient("native-ios", [ApnsToken(9)])], default);

        Assert.Equal([PushTokenKind.Fcm, PushTokenKind.Apns], deliveries.Select(d => d.Outcome.Target.Kind));
        Assert.All(deliveries, d => Assert.Equal(PushOutcomeKind.Accepted, d.Outcome.Kind));
        Assert.Empty(_bed.Expo.Requests);
    }

    [Fact]
    public async Task Expo_outage_opens_the_breaker_and_fcm_apns_devices_go_direct()
    {
        _bed.Expo.Down = true;
        for (var i = 0; i < 5; i++)
        {
            var failing = await _bed.Router.SendAsync(Alert(), Devices, default);
            Assert.All(failing, d => Assert.Equal((PushOutcomeKind.Retryable, "expo-http-503"), (d.Outcome.Kind, d.Outcome.Reason)));
        }
        Assert.Equal(BreakerState.Open, _bed.Router.BreakerStates[PushTokenKind.Expo]);

        var deliveries = await _bed.Router.SendAsync(Alert(), Devices, default);

        Assert.Equal(5, _bed.Expo.Requests.Count); // the open breaker kept the sixth batch off Expo
        Assert.Equal((PushTokenKind.Fcm, PushOutcomeKind.Accepted), (deliveries[0].Outcome.Target.Kind, deliveries[0].Outcome.Kind));
        Assert.Equal((PushTokenKind.Apns, PushOutcomeKind.Accepted), (deliveries[1].Outcome.Target.Kind, deliveries[1].Outcome.Kind));
        Assert.Equal((PushOutcomeKind.Retryable, "expo-unavailable", true), (deliveries[2].Outcome.Kind, deliveries[2].Outcome.Reason, deliveries[2].Outcome.ProviderUnavailable));
        Assert.NotNull(deliveries[2].Outcome.RetryAfter);
    }

    [Fact]
    public async Task Breaker_closes_after_expo_recovers()
    {
        _bed.Expo.Down = true;
        for (var i = 0; i < 5; i++) await _bed.Router.SendAsync(Alert(), Devices, default);
        _bed.Expo.Down = false;

        _bed.FakeClock.Advance(TimeSpan.FromSeconds(29));
        await _bed.Router.SendAsync(Alert(), Devices, default);
        Assert.Equal(5, _bed.Expo.Requests.Count); // still inside the break: no probe yet

        _bed.FakeClock.Advance(TimeSpan.FromSeconds(2));
        var probe = await _bed.Router.SendAsync(Alert(), Devices, default);
        Assert.Equal(6, _bed.Expo.Requests.Count);
        Assert.All(probe, d => Assert.Equal((PushTokenKind.Expo, PushOutcomeKind.Accepted), (d.Outcome.Target.Kind, d.Outcome.Kind)));
        Assert.Equal(BreakerState.HalfOpen, _bed.Router.BreakerStates[PushTokenKind.Expo]); // one success of the three

        await _bed.Router.SendAsync(Alert(), Devices, default);
        Assert.Equal(BreakerState.HalfOpen, _bed.Router.BreakerStates[PushTokenKind.Expo]);
        await _bed.Router.SendAsync(Alert(), Devices, default);
        Assert.Equal(BreakerState.Closed, _bed.Router.BreakerStates[PushTokenKind.Expo]);
    }

    [Fact]
    public async Task Failed_probe_keeps_the_breaker_open_for_another_break()
    {
        _bed.Expo.Down = true;
        for (var i = 0; i < 5; i++) await _bed.Router.SendAsync(Alert(), Devices, default);

        _bed.FakeClock.Advance(TimeSpan.FromSeconds(31));
        await _bed.Router.SendAsync(Alert(), Devices, default);
        await _bed.Router.SendAsync(Alert(), Devices, default);

        Assert.Equal(6, _bed.Expo.Requests.Count); // one probe, then open again
        Assert.Equal(BreakerState.Open, _bed.Router.BreakerStates[PushTokenKind.Expo]);
    }

    [Fact]
    public async Task Dead_tokens_do_not_count_against_the_breaker()
    {
        foreach (var device in Devices) _bed.Expo.DeadTokens[device.Targets[0].Token] = true;

        for (var i = 0; i < 6; i++)
        {
            var deliveries = await _bed.Router.SendAsync(Alert(), Devices, default);
            Assert.All(deliveries, d => Assert.Equal(PushOutcomeKind.DeadToken, d.Outcome.Kind));
        }

        Assert.Equal(BreakerState.Closed, _bed.Router.BreakerStates[PushTokenKind.Expo]);
    }

    [Fact]
    public async Task Expo_device_waits_when_its_fallback_provider_is_not_configured()
    {
        await using var bed = await PushTestBed.StartAsync(new Dictionary<string, string?> { ["Fcm:PrivateKey"] = "" });
        bed.Expo.Down = true;
        for (var i = 0; i < 5; i++) await bed.Router.SendAsync(Alert(), [Android], default);

        var deliveries = await bed.Router.SendAsync(Alert(), [Android], default);

        Assert.Equal("expo-unavailable", deliveries[0].Outcome.Reason);
        Assert.Empty(bed.Google.Requests);
    }

    [Fact]
    public async Task Latency_over_the_call_timeout_counts_as_a_failure()
    {
        // The shipped timeout is 5 s; a short one here keeps the test fast, and real time lets Polly's timeout fire.
        await using var bed = await PushTestBed.StartAsync(new Dictionary<string, string?>
        {
            ["Breaker:CallTimeout"] = "00:00:00.200",
            ["Breaker:ConsecutiveFailures"] = "2",
        }, realClock: true);
        bed.Expo.Latency = TimeSpan.FromSeconds(30);

        var first = await bed.Router.SendAsync(Alert(), [ExpoOnly], default);
        var second = await bed.Router.SendAsync(Alert(), [ExpoOnly], default);
        var third = await bed.Router.SendAsync(Alert(), [ExpoOnly], default);

        Assert.Equal(["expo-timeout", "expo-timeout", "expo-unavailable"], new[] { first, second, third }.Select(d => d[0].Outcome.Reason!));
        Assert.Equal(BreakerState.Open, bed.Router.BreakerStates[PushTokenKind.Expo]);
        Assert.Equal(2, bed.Expo.Requests.Count);
    }

    [Fact]
    public async Task Every_provider_exposes_its_breaker_state()
    {
        Assert.Equal(
            new Dictionary<PushTokenKind, BreakerState> { [PushTokenKind.Expo] = BreakerState.Closed, [PushTokenKind.Fcm] = BreakerState.Closed, [PushTokenKind.Apns] = BreakerState.Closed },
            _bed.Router.BreakerStates);
    }
}

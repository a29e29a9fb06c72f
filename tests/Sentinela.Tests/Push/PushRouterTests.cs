using Sentinela.Server.Push;
using static Sentinela.Tests.Push.PushSamples;

namespace Sentinela.Tests.Push;

/// <summary>Routing between Expo and the direct providers as Expo's circuit breaker opens and closes.</summary>
public sealed class PushRouterTests : PushTest
{
    static readonly PushRecipient Android = new("android", [ExpoToken(1), FcmToken(1)]);
    static readonly PushRecipient Iphone = new("iphone", [ExpoToken(2), ApnsToken(2)]);
    static readonly PushRecipient ExpoOnly = new("expo-only", [ExpoToken(3)]);
    static readonly PushRecipient[] Devices = [Android, Iphone, ExpoOnly];

    [Fact]
    public async Task Devices_with_an_expo_token_go_through_expo_while_it_is_healthy()
    {
        var deliveries = await Bed.Router.SendAsync(Alert(), Devices, default);

        Assert.All(deliveries, d => Assert.Equal((PushTokenKind.Expo, PushOutcomeKind.Accepted), (d.Outcome.Target.Kind, d.Outcome.Kind)));
        Assert.Equal(Devices, deliveries.Select(d => d.Recipient));
        Assert.Single(Bed.Expo.Requests);
        Assert.Empty(Bed.Google.Requests);
        Assert.Empty(Bed.Apns.Requests);
    }

    [Fact]
    public async Task Devices_without_an_expo_token_go_direct()
    {
        var deliveries = await Bed.Router.SendAsync(Alert(), [new PushRecipient("native-android", [FcmToken(9)]), new PushRecipient("native-ios", [ApnsToken(9)])], default);

        Assert.Equal([PushTokenKind.Fcm, PushTokenKind.Apns], deliveries.Select(d => d.Outcome.Target.Kind));
        Assert.All(deliveries, d => Assert.Equal(PushOutcomeKind.Accepted, d.Outcome.Kind));
        Assert.Empty(Bed.Expo.Requests);
    }

    [Fact]
    public async Task Expo_failures_send_fcm_apns_devices_direct_and_an_outage_opens_the_breaker()
    {
        Bed.Expo.Down = true;
        for (var i = 0; i < 5; i++)
        {
            // Each failed Expo call sends the devices with a native token direct at once; the Expo-only one waits.
            var failing = await Bed.Router.SendAsync(Alert(), Devices, default);
            Assert.Equal([PushTokenKind.Fcm, PushTokenKind.Apns], failing.Take(2).Select(d => d.Outcome.Target.Kind));
            Assert.Equal((PushOutcomeKind.Retryable, "expo-http-503"), (failing[2].Outcome.Kind, failing[2].Outcome.Reason));
        }
        Assert.Equal(BreakerState.Open, Bed.Router.BreakerStates[PushTokenKind.Expo]);

        var deliveries = await Bed.Router.SendAsync(Alert(), Devices, default);

        Assert.Equal(5, Bed.Expo.Requests.Count); // the open breaker kept the sixth batch off Expo
        Assert.Equal((PushTokenKind.Fcm, PushOutcomeKind.Accepted), (deliveries[0].Outcome.Target.Kind, deliveries[0].Outcome.Kind));
        Assert.Equal((PushTokenKind.Apns, PushOutcomeKind.Accepted), (deliveries[1].Outcome.Target.Kind, deliveries[1].Outcome.Kind));
        Assert.Equal((PushOutcomeKind.Retryable, "expo-unavailable", true), (deliveries[2].Outcome.Kind, deliveries[2].Outcome.Reason, deliveries[2].Outcome.ProviderUnavailable));
        Assert.NotNull(deliveries[2].Outcome.RetryAfter);
    }

    [Fact]
    public async Task Breaker_closes_after_expo_recovers()
    {
        Bed.Expo.Down = true;
        for (var i = 0; i < 5; i++) await Bed.Router.SendAsync(Alert(), Devices, default);
        Bed.Expo.Down = false;

        Bed.FakeClock.Advance(TimeSpan.FromSeconds(29));
        await Bed.Router.SendAsync(Alert(), Devices, default);
        Assert.Equal(5, Bed.Expo.Requests.Count); // still inside the break: no probe yet

        Bed.FakeClock.Advance(TimeSpan.FromSeconds(2));
        var probe = await Bed.Router.SendAsync(Alert(), Devices, default);
        Assert.Equal(6, Bed.Expo.Requests.Count);
        Assert.All(probe, d => Assert.Equal((PushTokenKind.Expo, PushOutcomeKind.Accepted), (d.Outcome.Target.Kind, d.Outcome.Kind)));
        Assert.Equal(BreakerState.HalfOpen, Bed.Router.BreakerStates[PushTokenKind.Expo]); // one success of the three

        await Bed.Router.SendAsync(Alert(), Devices, default);
        Assert.Equal(BreakerState.HalfOpen, Bed.Router.BreakerStates[PushTokenKind.Expo]);
        await Bed.Router.SendAsync(Alert(), Devices, default);
        Assert.Equal(BreakerState.Closed, Bed.Router.BreakerStates[PushTokenKind.Expo]);
    }

    [Fact]
    public async Task Failed_probe_keeps_the_breaker_open_for_another_break()
    {
        Bed.Expo.Down = true;
        for (var i = 0; i < 5; i++) await Bed.Router.SendAsync(Alert(), Devices, default);

        Bed.FakeClock.Advance(TimeSpan.FromSeconds(31));
        await Bed.Router.SendAsync(Alert(), Devices, default);
        await Bed.Router.SendAsync(Alert(), Devices, default);

        Assert.Equal(6, Bed.Expo.Requests.Count); // one probe, then open again
        Assert.Equal(BreakerState.Open, Bed.Router.BreakerStates[PushTokenKind.Expo]);
    }

    [Fact]
    public async Task Dead_tokens_do_not_count_against_the_breaker()
    {
        foreach (var device in Devices) Bed.Expo.DeadTokens[device.Targets[0].Token] = true;

        for (var i = 0; i < 6; i++)
        {
            var deliveries = await Bed.Router.SendAsync(Alert(), Devices, default);
            Assert.All(deliveries, d => Assert.Equal(PushOutcomeKind.DeadToken, d.Outcome.Kind));
        }

        Assert.Equal(BreakerState.Closed, Bed.Router.BreakerStates[PushTokenKind.Expo]);
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
        Assert.True(third[0].Outcome.ProviderUnavailable); // refused by the open breaker, not sent
        Assert.Equal(BreakerState.Open, bed.Router.BreakerStates[PushTokenKind.Expo]);
    }

    [Fact]
    public async Task Every_provider_exposes_its_breaker_state()
    {
        Assert.Equal(
            new Dictionary<PushTokenKind, BreakerState>
            {
                [PushTokenKind.Expo] = BreakerState.Closed,
                [PushTokenKind.Fcm] = BreakerState.Closed,
                [PushTokenKind.Apns] = BreakerState.Closed,
                [PushTokenKind.WebPush] = BreakerState.Closed
            },
            Bed.Router.BreakerStates);
    }
}

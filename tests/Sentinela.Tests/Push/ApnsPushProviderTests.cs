using Sentinela.Server.Push;
using Sentinela.Server.Push.Apns;
using static Sentinela.Tests.Push.PushSamples;

namespace Sentinela.Tests.Push;

public sealed class ApnsPushProviderTests : PushTest
{
    [Fact]
    public async Task Apns_request_uses_http2_and_a_valid_es256_token()
    {
        var target = ApnsToken(1);

        var outcomes = await Bed.ApnsProvider.SendAsync(Alert(PushPriority.Critical), [target], default);

        Assert.Equal(PushOutcomeKind.Accepted, outcomes[0].Kind);
        var request = Assert.Single(Bed.Apns.Requests);
        Assert.Equal(("HTTP/2", $"/3/device/{target.Token}"), (request.Protocol, request.Path));
        Assert.Equal(("alert", "10", FakeTopic), (request.Header("apns-push-type"), request.Header("apns-priority"), request.Header("apns-topic")));
        Assert.Equal(Alert().CollapseKey, request.Header("apns-collapse-id"));
        Assert.Single(Bed.Apns.ProviderTokens); // the fake accepted the signature, key id and team
    }

    const string FakeTopic = Fakes.FakeApnsServer.Topic;

    [Fact]
    public async Task Apns_payload_has_alert_thread_and_the_alert_identity()
    {
        await Bed.ApnsProvider.SendAsync(Alert(PushPriority.Normal, version: 4), [ApnsToken(1)], default);

        var payload = Assert.Single(Bed.Apns.Payloads);
        Assert.Equal("Alerta de surto: Campinas (SP)", (string?)payload["aps"]!["alert"]!["title"]);
        Assert.Equal(Alert().CollapseKey, (string?)payload["aps"]!["thread-id"]);
        Assert.Equal((Alert().AlertId.ToString(), "4"), ((string?)payload["alertId"], (string?)payload["version"]));
        Assert.Equal("5", Bed.Apns.Requests[0].Header("apns-priority"));
    }

    [Fact]
    public async Task Apns_id_is_the_same_for_the_same_alert_version_and_device()
    {
        await Bed.ApnsProvider.SendAsync(Alert(version: 1), [ApnsToken(1)], default);
        await Bed.ApnsProvider.SendAsync(Alert(version: 1), [ApnsToken(1)], default);
        await Bed.ApnsProvider.SendAsync(Alert(version: 2), [ApnsToken(1)], default);
        await Bed.ApnsProvider.SendAsync(Alert(version: 1), [ApnsToken(2)], default);

        var ids = Bed.Apns.Requests.Select(r => Guid.Parse(r.Header("apns-id")!)).ToList();
        Assert.Equal(ids[0], ids[1]);
        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(ApnsPushProvider.ApnsId(Alert(version: 1), ApnsToken(1)), ids[0]);
    }

    [Fact]
    public async Task Apns_gone_token_is_reported_for_deletion()
    {
        var targets = Many(ApnsToken, 2);
        Bed.Apns.DeadTokens[targets[0].Token] = true;

        var outcomes = await Bed.ApnsProvider.SendAsync(Alert(), targets, default);

        Assert.Equal([PushOutcomeKind.DeadToken, PushOutcomeKind.Accepted], outcomes.Select(o => o.Kind));
        Assert.Equal("Unregistered", outcomes[0].Reason);
    }

    [Fact]
    public async Task Apns_bad_device_token_is_reported_for_deletion()
    {
        // Valid hex, but not the 32 bytes a device token has: Apple answers 400 BadDeviceToken.
        var outcomes = await Bed.ApnsProvider.SendAsync(Alert(), [PushTarget.Apns("abcdef0123")], default);

        Assert.Equal((PushOutcomeKind.DeadToken, "BadDeviceToken"), (outcomes[0].Kind, outcomes[0].Reason));
    }

    [Fact]
    public async Task Apns_provider_token_is_reused_and_refreshed_before_an_hour()
    {
        await Bed.ApnsProvider.SendAsync(Alert(), Many(ApnsToken, 5), default);
        Bed.FakeClock.Advance(TimeSpan.FromMinutes(49));
        await Bed.ApnsProvider.SendAsync(Alert(), [ApnsToken(1)], default);
        Assert.Single(Bed.Apns.ProviderTokens);

        Bed.FakeClock.Advance(TimeSpan.FromMinutes(2));
        var outcomes = await Bed.ApnsProvider.SendAsync(Alert(), [ApnsToken(1)], default);

        Assert.Equal(PushOutcomeKind.Accepted, outcomes[0].Kind);
        Assert.Equal(2, Bed.Apns.ProviderTokens.Count);
    }

    [Fact]
    public async Task Apns_throttling_and_server_errors_are_retryable()
    {
        Bed.Apns.FailNext(1, 429, TimeSpan.FromSeconds(2));
        var throttled = await Bed.ApnsProvider.SendAsync(Alert(), [ApnsToken(1)], default);
        Bed.Apns.FailNext(1, 500);
        var failed = await Bed.ApnsProvider.SendAsync(Alert(), [ApnsToken(1)], default);

        Assert.Equal((PushOutcomeKind.Retryable, TimeSpan.FromSeconds(2)), (throttled[0].Kind, throttled[0].RetryAfter));
        Assert.Equal((PushOutcomeKind.Retryable, "apns-http-500"), (failed[0].Kind, failed[0].Reason));
    }

    [Fact]
    public async Task Unreachable_apns_makes_every_token_retryable()
    {
        await Bed.Apns.DisposeAsync(); // nothing listens on its port any more: connection refused

        var outcomes = await Bed.ApnsProvider.SendAsync(Alert(), Many(ApnsToken, 3), default);

        Assert.All(outcomes, o => Assert.Equal((PushOutcomeKind.Retryable, "apns-unreachable"), (o.Kind, o.Reason)));
    }
}

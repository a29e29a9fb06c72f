using Sentinela.Server.Push;
using Sentinela.Server.Push.WebPush;
using Sentinela.Tests.Push.Fakes;
using static Sentinela.Tests.Push.PushSamples;

namespace Sentinela.Tests.Push;

/// <summary>
/// The Web Push provider against a push service that checks the VAPID JWT and decrypts the payload with the browser's
/// own keys, as Chrome's and Firefox's services and browsers do between them.
/// </summary>
public sealed class WebPushProviderTests : PushTest
{
    FakeBrowserSubscription Browser() => Bed.Browsers.Subscribe(Bed.VapidPublicKey);

    static PushTarget Target(FakeBrowserSubscription browser) => PushTarget.WebPush(browser.Subscription);

    [Fact]
    public async Task A_push_reaches_each_browser_signed_and_decryptable_only_with_its_keys()
    {
        using var first = Browser();
        using var second = Browser();

        var outcomes = await Bed.WebPushProvider.SendAsync(Alert(PushPriority.Critical, version: 3), [Target(first), Target(second)], default);

        Assert.Empty(Bed.Browsers.Refusals);
        Assert.All(outcomes, o => Assert.Equal(PushOutcomeKind.Accepted, o.Kind));
        foreach (var browser in new[] { first, second })
        {
            var push = Assert.Single(Bed.Browsers.DeliveredTo(browser));
            Assert.Equal(("Alerta de surto: Campinas (SP)", Alert().Body), (push.Text("title"), push.Text("body")));
            Assert.Equal((Alert().AlertId.ToString(), 3), (push.Text("alertId"), push.Message["version"]!.GetValue<int>()));
            Assert.Equal($"/#/alertas/{Alert().AlertId}", push.Text("url"));
            Assert.Equal(("high", Alert().AlertId.ToString("N"), 86400), (push.Urgency, push.Topic, push.Ttl));
        }
        // One ciphertext per browser: the same message encrypted for two key pairs never looks the same.
        var bodies = Bed.Browsers.Requests.Select(r => r.Body).ToList();
        Assert.NotEqual(bodies[0], bodies[1]);
    }

    [Fact]
    public async Task A_normal_alert_goes_at_normal_urgency()
    {
        using var browser = Browser();

        await Bed.WebPushProvider.SendAsync(Alert(PushPriority.Normal), [Target(browser)], default);

        Assert.Equal("normal", Assert.Single(Bed.Browsers.DeliveredTo(browser)).Urgency);
    }

    [Fact]
    public async Task An_expired_or_unknown_subscription_is_a_dead_token()
    {
        using var expired = Browser();
        using var alive = Browser();
        Bed.Browsers.Expire(expired);
        var unknown = PushTarget.WebPush(alive.Subscription with { Endpoint = $"{Bed.Browsers.BaseUrl}/push/{Guid.NewGuid():N}" });

        var outcomes = await Bed.WebPushProvider.SendAsync(Alert(), [Target(expired), unknown, Target(alive)], default);

        Assert.Equal((PushOutcomeKind.DeadToken, "webpush-http-410"), (outcomes[0].Kind, outcomes[0].Reason));
        Assert.Equal((PushOutcomeKind.DeadToken, "webpush-http-404"), (outcomes[1].Kind, outcomes[1].Reason));
        Assert.Equal(PushOutcomeKind.Accepted, outcomes[2].Kind);
    }

    [Fact]
    public async Task Rate_limiting_is_retryable_after_the_push_services_retry_after()
    {
        using var browser = Browser();
        Bed.Browsers.FailNext(1, 429, TimeSpan.FromSeconds(30));

        var outcome = (await Bed.WebPushProvider.SendAsync(Alert(), [Target(browser)], default))[0];

        Assert.Equal((PushOutcomeKind.Retryable, "webpush-http-429", TimeSpan.FromSeconds(30)), (outcome.Kind, outcome.Reason, outcome.RetryAfter));
        Assert.Single(Bed.Browsers.Requests);   // the library's own wait-and-retry is off: the dispatcher reschedules
    }

    [Fact]
    public async Task Server_errors_are_retryable_and_enough_of_them_open_the_breaker()
    {
        using var browser = Browser();
        Bed.Browsers.Down = true;

        for (var i = 0; i < 5; i++)
            Assert.Equal("webpush-http-503", (await Bed.WebPushProvider.SendAsync(Alert(), [Target(browser)], default))[0].Reason);
        var refused = (await Bed.WebPushProvider.SendAsync(Alert(), [Target(browser)], default))[0];

        Assert.Equal((PushOutcomeKind.Retryable, true, "webpush-unavailable"), (refused.Kind, refused.ProviderUnavailable, refused.Reason));
        Assert.Equal(5, Bed.Browsers.Requests.Count);
        Assert.Equal(BreakerState.Open, Bed.WebPushProvider.Circuit.State);
    }

    [Fact]
    public async Task A_subscription_made_with_another_servers_key_is_refused_by_the_push_service()
    {
        using var other = Bed.Browsers.Subscribe(ProviderFakes.NewVapidKeys().Public);

        var outcome = (await Bed.WebPushProvider.SendAsync(Alert(), [Target(other)], default))[0];

        Assert.Equal((PushOutcomeKind.Retryable, "webpush-http-401"), (outcome.Kind, outcome.Reason));
        Assert.Equal("401 k is not the key the subscription was made with", Assert.Single(Bed.Browsers.Refusals));
    }

    [Fact]
    public async Task A_very_long_headline_is_shortened_to_fit_the_push_services_4096_bytes()
    {
        using var browser = Browser();
        var long_ = Alert() with { Body = string.Concat(Enumerable.Repeat("Leucocitose acima do esperado. ", 300)) };

        var outcome = (await Bed.WebPushProvider.SendAsync(long_, [Target(browser)], default))[0];

        Assert.Equal(PushOutcomeKind.Accepted, outcome.Kind);
        Assert.EndsWith("…", Assert.Single(Bed.Browsers.DeliveredTo(browser)).Text("body"));
    }

    [Fact]
    public async Task One_vapid_token_per_push_service_is_reused_until_shortly_before_it_expires()
    {
        using var first = Browser();
        using var second = Browser();

        await Bed.WebPushProvider.SendAsync(Alert(), [Target(first)], default);
        await Bed.WebPushProvider.SendAsync(Alert(version: 2), [Target(second)], default);

        Assert.Equal(2, Bed.Browsers.Delivered.Count);
        Assert.Single(Bed.Browsers.Requests.Select(r => r.Header("authorization")).Distinct());
        var cache = new VapidTokenCache(Bed.FakeClock);
        cache.Put("https://fcm.googleapis.com", Bed.FakeClock.GetUtcNow().AddHours(12), "token");
        Assert.Equal("token", cache.Get("https://fcm.googleapis.com"));
        Assert.Null(cache.Get("https://updates.push.services.mozilla.com"));
        Bed.FakeClock.Advance(TimeSpan.FromHours(11.9));
        Assert.Null(cache.Get("https://fcm.googleapis.com"));
    }

    [Fact]
    public void Subscription_keys_must_be_a_curve_point_and_a_16_byte_secret()
    {
        using var browser = Browser();
        var valid = browser.Subscription;
        var offCurve = System.Buffers.Text.Base64Url.EncodeToString([0x04, .. new byte[64]]);

        Assert.True(WebPushSubscription.KeysAreValid(valid.P256dh, valid.Auth));
        Assert.False(WebPushSubscription.KeysAreValid(offCurve, valid.Auth));
        Assert.False(WebPushSubscription.KeysAreValid(valid.P256dh, System.Buffers.Text.Base64Url.EncodeToString(new byte[15])));
        Assert.False(WebPushSubscription.KeysAreValid("not base64!", valid.Auth));
        Assert.False(WebPushSubscription.KeysAreValid(new string('A', 10_000), valid.Auth));
        Assert.False(WebPushSubscription.KeysAreValid(null, null));
    }
}

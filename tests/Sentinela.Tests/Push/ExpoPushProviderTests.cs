using System.Text.Json;
using Sentinela.Server.Push;
using Sentinela.Server.Push.Expo;
using static Sentinela.Tests.Push.PushSamples;

namespace Sentinela.Tests.Push;

public sealed class ExpoPushProviderTests : PushTest
{
    [Fact]
    public async Task Expo_batch_of_100_is_one_request_and_returns_one_ticket_per_token()
    {
        var targets = Many(ExpoToken, 100);

        var outcomes = await Bed.ExpoProvider.SendAsync(Alert(), targets, default);

        Assert.Single(Bed.Expo.Requests);
        Assert.Equal(targets, outcomes.Select(o => o.Target));
        Assert.All(outcomes, o => Assert.Equal(PushOutcomeKind.Accepted, o.Kind));
        Assert.Equal(100, outcomes.Select(o => o.ProviderMessageId).Distinct().Count());
    }

    [Fact]
    public async Task Expo_message_carries_alert_id_and_version_for_deduplication_and_maps_priority()
    {
        await Bed.ExpoProvider.SendAsync(Alert(PushPriority.Critical, version: 3), [ExpoToken(1)], default);
        await Bed.ExpoProvider.SendAsync(Alert(PushPriority.Normal), [ExpoToken(2)], default);

        var messages = Bed.Expo.Messages.ToList();
        Assert.Equal(Alert().AlertId.ToString(), (string?)messages[0]["data"]!["alertId"]);
        Assert.Equal("3", (string?)messages[0]["data"]!["version"]);
        Assert.Equal("Alerta de surto: Campinas (SP)", (string?)messages[0]["title"]);
        Assert.Equal(("high", "default"), ((string?)messages[0]["priority"], (string?)messages[1]["priority"]));
        Assert.Equal(86400, (long?)messages[0]["ttl"]);
    }

    [Fact]
    public async Task Dead_expo_token_is_reported_for_deletion()
    {
        var targets = Many(ExpoToken, 3);
        Bed.Expo.DeadTokens[targets[1].Token] = true;

        var outcomes = await Bed.ExpoProvider.SendAsync(Alert(), targets, default);

        Assert.Equal([PushOutcomeKind.Accepted, PushOutcomeKind.DeadToken, PushOutcomeKind.Accepted], outcomes.Select(o => o.Kind));
        Assert.Equal("DeviceNotRegistered", outcomes[1].Reason);
        Assert.Equal(BreakerState.Closed, Bed.ExpoProvider.Circuit.State); // a dead token is an answer, not a provider failure
    }

    [Fact]
    public async Task Expo_receipt_saying_device_not_registered_marks_the_token_dead()
    {
        var targets = Many(ExpoToken, 2);
        Bed.Expo.DeadOnReceipt[targets[0].Token] = true;
        var outcomes = await Bed.ExpoProvider.SendAsync(Alert(), targets, default);
        var tickets = outcomes.Select(o => new PushTicket(o.ProviderMessageId!, o.Target)).Append(new PushTicket("not-yet-ready", targets[1])).ToList();

        var receipts = await Bed.ExpoProvider.GetReceiptsAsync(tickets, default);

        Assert.Equal(PushOutcomeKind.DeadToken, receipts[tickets[0].Id].Kind);
        Assert.Equal(targets[0], receipts[tickets[0].Id].Target);
        Assert.Equal(PushOutcomeKind.Accepted, receipts[tickets[1].Id].Kind);
        Assert.False(receipts.ContainsKey("not-yet-ready"));
    }

    [Fact]
    public async Task Expo_per_message_rate_limit_is_retryable_for_that_token_only()
    {
        var targets = Many(ExpoToken, 2);
        Bed.Expo.RateLimitedTokens[targets[0].Token] = true;

        var outcomes = await Bed.ExpoProvider.SendAsync(Alert(), targets, default);

        Assert.Equal([PushOutcomeKind.Retryable, PushOutcomeKind.Accepted], outcomes.Select(o => o.Kind));
        Assert.Equal("MessageRateExceeded", outcomes[0].Reason);
    }

    [Fact]
    public async Task Expo_429_makes_the_whole_batch_retryable_after_the_given_delay()
    {
        Bed.Expo.FailNext(1, 429, TimeSpan.FromSeconds(7));

        var outcomes = await Bed.ExpoProvider.SendAsync(Alert(), Many(ExpoToken, 5), default);

        Assert.All(outcomes, o => Assert.Equal((PushOutcomeKind.Retryable, TimeSpan.FromSeconds(7)), (o.Kind, o.RetryAfter)));
        Assert.Equal(BreakerState.Closed, Bed.ExpoProvider.Circuit.State);
    }

    [Fact]
    public async Task Malformed_expo_response_makes_the_batch_retryable_instead_of_throwing()
    {
        Bed.Expo.Malformed = true;

        var outcomes = await Bed.ExpoProvider.SendAsync(Alert(), Many(ExpoToken, 2), default);

        Assert.All(outcomes, o => Assert.Equal((PushOutcomeKind.Retryable, "expo-malformed-response"), (o.Kind, o.Reason)));
    }

    [Fact]
    public async Task Expo_access_token_is_sent_as_a_bearer_token_when_configured()
    {
        await using var bed = await PushTestBed.StartAsync(new Dictionary<string, string?> { ["Expo:AccessToken"] = "expo-secret" });
        bed.Expo.RequiredAccessToken = "expo-secret";

        var outcomes = await bed.ExpoProvider.SendAsync(Alert(), [ExpoToken(1)], default);

        Assert.Equal(PushOutcomeKind.Accepted, outcomes[0].Kind);
        Assert.Equal("Bearer expo-secret", bed.Expo.Requests[0].Header("authorization"));
    }

    [Fact]
    public async Task Expo_refusing_our_credentials_keeps_the_batch_for_a_retry()
    {
        Bed.Expo.RequiredAccessToken = "expected-but-not-configured";

        var outcomes = await Bed.ExpoProvider.SendAsync(Alert(), [ExpoToken(1)], default);

        Assert.Equal((PushOutcomeKind.Retryable, "UNAUTHORIZED"), (outcomes[0].Kind, outcomes[0].Reason));
    }

    [Fact]
    public async Task A_batch_over_100_or_of_another_kind_is_refused_before_any_request()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Bed.ExpoProvider.SendAsync(Alert(), Many(ExpoToken, 101), default));
        await Assert.ThrowsAsync<ArgumentException>(() => Bed.ExpoProvider.SendAsync(Alert(), [FcmToken(1)], default));
        Assert.Empty(Bed.Expo.Requests);
    }

    [Fact]
    public async Task Expo_request_body_is_a_json_array_of_documented_fields()
    {
        await Bed.ExpoProvider.SendAsync(Alert(), Many(ExpoToken, 2), default);

        using var body = JsonDocument.Parse(Bed.Expo.Requests[0].Body);
        Assert.Equal(JsonValueKind.Array, body.RootElement.ValueKind);
        Assert.All(body.RootElement.EnumerateArray(), m => Assert.Subset(
            new HashSet<string> { "to", "title", "body", "data", "priority", "sound", "ttl", "channelId" },
            m.EnumerateObject().Select(p => p.Name).ToHashSet()));
    }
}

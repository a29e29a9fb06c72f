using Sentinela.Server.Push;
using static Sentinela.Tests.Push.PushSamples;

namespace Sentinela.Tests.Push;

public sealed class FcmPushProviderTests : PushTest
{
    [Fact]
    public async Task Fcm_access_token_is_obtained_with_a_signed_assertion_and_cached()
    {
        var first = await Bed.FcmProvider.SendAsync(Alert(), Many(FcmToken, 10), default);
        var second = await Bed.FcmProvider.SendAsync(Alert(), Many(FcmToken, 10), default);

        Assert.All(first.Concat(second), o => Assert.Equal(PushOutcomeKind.Accepted, o.Kind));
        Assert.Equal(1, Bed.Google.TokensIssued);
        var assertion = Assert.Single(Bed.Google.Assertions);
        Assert.Equal(("RS256", "test-key"), (assertion.HeaderString("alg"), assertion.HeaderString("kid")));
        Assert.All(Bed.Google.Requests.Where(r => r.Path.EndsWith("messages:send")),
            r => Assert.Equal("Bearer ya29.fake-1", r.Header("authorization")));
    }

    [Fact]
    public async Task Fcm_access_token_is_renewed_shortly_before_it_expires()
    {
        await Bed.FcmProvider.SendAsync(Alert(), [FcmToken(1)], default);

        Bed.FakeClock.Advance(TimeSpan.FromMinutes(50));
        await Bed.FcmProvider.SendAsync(Alert(), [FcmToken(1)], default);
        Assert.Equal(1, Bed.Google.TokensIssued);

        Bed.FakeClock.Advance(TimeSpan.FromMinutes(6));
        var outcomes = await Bed.FcmProvider.SendAsync(Alert(), [FcmToken(1)], default);
        Assert.Equal(2, Bed.Google.TokensIssued);
        Assert.Equal(PushOutcomeKind.Accepted, outcomes[0].Kind);
    }

    [Fact]
    public async Task Fcm_revoked_access_token_is_retryable_and_replaced_on_the_next_send()
    {
        await Bed.FcmProvider.SendAsync(Alert(), [FcmToken(1)], default);
        Bed.Google.RevokeIssuedTokens();

        var refused = await Bed.FcmProvider.SendAsync(Alert(), [FcmToken(1)], default);
        var resent = await Bed.FcmProvider.SendAsync(Alert(), [FcmToken(1)], default);

        Assert.Equal((PushOutcomeKind.Retryable, "UNAUTHENTICATED"), (refused[0].Kind, refused[0].Reason));
        Assert.Equal(PushOutcomeKind.Accepted, resent[0].Kind);
        Assert.Equal(2, Bed.Google.TokensIssued);
    }

    [Fact]
    public async Task Fcm_sends_one_v1_message_per_token_with_collapse_key_and_string_data()
    {
        var outcomes = await Bed.FcmProvider.SendAsync(Alert(PushPriority.Critical, version: 2), Many(FcmToken, 5), default);

        Assert.Equal(5, Bed.Google.Requests.Count(r => r.Path == $"/v1/projects/{Fakes.FakeGoogleServer.ProjectId}/messages:send"));
        Assert.All(outcomes, o => Assert.StartsWith($"projects/{Fakes.FakeGoogleServer.ProjectId}/messages/", o.ProviderMessageId));
        var message = Bed.Google.Messages.First();
        Assert.Equal("HIGH", (string?)message["android"]!["priority"]);
        Assert.Equal(Alert().CollapseKey, (string?)message["android"]!["collapse_key"]);
        Assert.Equal(Alert().CollapseKey, (string?)message["apns"]!["headers"]!["apns-collapse-id"]);
        Assert.Equal("2", (string?)message["data"]!["version"]);
    }

    [Fact]
    public async Task Fcm_unregistered_token_is_dead_and_invalid_argument_is_failed()
    {
        var targets = Many(FcmToken, 3);
        Bed.Google.DeadTokens[targets[0].Token] = true;
        Bed.Google.InvalidTokens[targets[1].Token] = true;

        var outcomes = await Bed.FcmProvider.SendAsync(Alert(), targets, default);

        Assert.Equal([PushOutcomeKind.DeadToken, PushOutcomeKind.Failed, PushOutcomeKind.Accepted], outcomes.Select(o => o.Kind));
        Assert.Equal(["UNREGISTERED", "INVALID_ARGUMENT"], outcomes.Take(2).Select(o => o.Reason!));
        Assert.Equal(BreakerState.Closed, Bed.FcmProvider.Circuit.State);
    }

    [Fact]
    public async Task Fcm_quota_exceeded_is_retryable_and_honours_retry_after()
    {
        await Bed.FcmProvider.SendAsync(Alert(), [FcmToken(0)], default); // the access token is cached before the fault
        Bed.Google.FailNext(1, 429, TimeSpan.FromSeconds(30));

        var outcomes = await Bed.FcmProvider.SendAsync(Alert(), [FcmToken(1)], default);

        Assert.Equal((PushOutcomeKind.Retryable, TimeSpan.FromSeconds(30)), (outcomes[0].Kind, outcomes[0].RetryAfter));
    }

    [Fact]
    public async Task Fcm_token_endpoint_outage_keeps_the_batch_retryable()
    {
        Bed.Google.FailNext(1, 503);

        var outcomes = await Bed.FcmProvider.SendAsync(Alert(), Many(FcmToken, 3), default);

        Assert.All(outcomes, o => Assert.Equal((PushOutcomeKind.Retryable, "fcm-oauth-503"), (o.Kind, o.Reason)));
        Assert.DoesNotContain(Bed.Google.Requests, r => r.Path.EndsWith("messages:send"));
    }

    [Fact]
    public async Task Fcm_service_account_can_come_from_a_json_key_file()
    {
        var keyFile = Path.GetTempFileName();
        try
        {
            using var key = System.Security.Cryptography.RSA.Create(2048);
            await File.WriteAllTextAsync(keyFile, System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["type"] = "service_account",
                ["project_id"] = "from-file",
                ["private_key_id"] = "file-key",
                ["client_email"] = "file@from-file.iam.gserviceaccount.com",
                ["private_key"] = key.ExportPkcs8PrivateKeyPem(),
                ["token_uri"] = "https://oauth2.googleapis.com/token",
            }));

            var account = Sentinela.Server.Push.Fcm.ServiceAccount.From(new Sentinela.Server.Push.Fcm.FcmOptions { ServiceAccountFile = keyFile, TokenUri = "" });

            Assert.Equal(("from-file", "file@from-file.iam.gserviceaccount.com", "file-key", "https://oauth2.googleapis.com/token"),
                (account!.ProjectId, account.ClientEmail, account.PrivateKeyId, account.TokenUri));
            Assert.Equal(key.ExportParameters(false).Modulus, account.Key.ExportParameters(false).Modulus);
        }
        finally
        {
            File.Delete(keyFile);
        }
    }
}

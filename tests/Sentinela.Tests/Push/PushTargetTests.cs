using Sentinela.Server.Push;

namespace Sentinela.Tests.Push;

public sealed class PushTargetTests
{
    [Theory]
    [InlineData(PushTokenKind.Expo, "ExponentPushToken[xxxxxxxxxxxxxxxxxxxxxx]", true)]
    [InlineData(PushTokenKind.Expo, "ExpoPushToken[xxxxxxxxxxxxxxxxxxxxxx]", true)]
    [InlineData(PushTokenKind.Expo, "ExponentPushToken[]", false)]
    [InlineData(PushTokenKind.Expo, "fcm-looking-token", false)]
    [InlineData(PushTokenKind.Fcm, "dGVzdA:APA91bHun4MxP5egoKMwt2KZFBaFUH", true)]
    [InlineData(PushTokenKind.Fcm, "has space", false)]
    [InlineData(PushTokenKind.Apns, "740f4707bebcf74f9b7c25d48e3358945f6aa01da5ddb387462c7eaf61bb78ad", true)]
    [InlineData(PushTokenKind.Apns, "740f4707bebcf74f9b7c25d48e3358945f6aa01da5ddb387462c7eaf61bb78a", false)]
    [InlineData(PushTokenKind.Apns, "not-hex-at-all", false)]
    public void Token_is_accepted_only_in_its_provider_shape(PushTokenKind kind, string token, bool valid)
    {
        Assert.Equal(valid, PushTarget.TryCreate(kind, token, out _));
    }

    [Fact]
    public void Apns_token_is_kept_in_lower_case_so_the_same_device_is_one_token()
    {
        Assert.Equal(PushTarget.Apns("ABCDEF12"), PushTarget.Apns("abcdef12"));
    }

    [Fact]
    public void Message_data_and_collapse_key_identify_the_alert_version()
    {
        var message = PushSamples.Alert(version: 7);

        Assert.Equal(new Dictionary<string, string> { ["alertId"] = message.AlertId.ToString(), ["version"] = "7" }, message.Data);
        Assert.Equal($"alert-{message.AlertId:N}", message.CollapseKey);
        Assert.True(message.CollapseKey.Length <= 64); // apns-collapse-id limit
    }
}

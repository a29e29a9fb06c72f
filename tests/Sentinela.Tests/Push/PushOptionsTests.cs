using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Sentinela.Server.Push;
using Sentinela.Tests.Unit;

namespace Sentinela.Tests.Push;

public sealed class PushOptionsTests
{
    [Fact]
    public void Push_defaults_in_code_match_appsettings()
    {
        var code = new PushOptions();
        var shipped = ShippedSettings.Push();

        Assert.Equal((code.TimeToLive, code.Sound), (shipped.TimeToLive, shipped.Sound));
        Assert.Equal(
            (code.Breaker.CallTimeout, code.Breaker.ConsecutiveFailures, code.Breaker.SamplingDuration, code.Breaker.BreakDuration, code.Breaker.SuccessesToClose),
            (shipped.Breaker.CallTimeout, shipped.Breaker.ConsecutiveFailures, shipped.Breaker.SamplingDuration, shipped.Breaker.BreakDuration, shipped.Breaker.SuccessesToClose));
        Assert.Equal(
            (code.Expo.BaseUrl, code.Expo.AccessToken, code.Expo.ChannelId, code.Expo.MaxPerSecond),
            (shipped.Expo.BaseUrl, shipped.Expo.AccessToken, shipped.Expo.ChannelId, shipped.Expo.MaxPerSecond));
        Assert.Equal(
            (code.Fcm.BaseUrl, code.Fcm.TokenUri, code.Fcm.ServiceAccountFile, code.Fcm.ProjectId, code.Fcm.ClientEmail, code.Fcm.PrivateKey, code.Fcm.PrivateKeyId, code.Fcm.MaxParallelRequests, code.Fcm.MaxPerSecond),
            (shipped.Fcm.BaseUrl, shipped.Fcm.TokenUri, shipped.Fcm.ServiceAccountFile, shipped.Fcm.ProjectId, shipped.Fcm.ClientEmail, shipped.Fcm.PrivateKey, shipped.Fcm.PrivateKeyId, shipped.Fcm.MaxParallelRequests, shipped.Fcm.MaxPerSecond));
        Assert.Equal(
            (code.Apns.BaseUrl, code.Apns.Topic, code.Apns.TeamId, code.Apns.KeyId, code.Apns.PrivateKey, code.Apns.PrivateKeyFile, code.Apns.TokenLifetime, code.Apns.MaxParallelRequests, code.Apns.MaxPerSecond),
            (shipped.Apns.BaseUrl, shipped.Apns.Topic, shipped.Apns.TeamId, shipped.Apns.KeyId, shipped.Apns.PrivateKey, shipped.Apns.PrivateKeyFile, shipped.Apns.TokenLifetime, shipped.Apns.MaxParallelRequests, shipped.Apns.MaxPerSecond));
        Assert.Equal(TimeSpan.FromSeconds(5), shipped.Breaker.CallTimeout);
    }

    [Fact]
    public void Shipped_push_settings_are_valid_and_a_bad_nested_value_is_not()
    {
        var validator = new DataAnnotationValidateOptions<PushOptions>(Options.DefaultName);
        var broken = ShippedSettings.Push();
        broken.Breaker.ConsecutiveFailures = 0;

        Assert.True(validator.Validate(Options.DefaultName, ShippedSettings.Push()).Succeeded);
        Assert.True(validator.Validate(Options.DefaultName, broken).Failed);
    }
}

using Microsoft.Extensions.Options;
using Sentinela.Server.Push;
using Sentinela.Server.Push.WebPush;
using Sentinela.Tests.Unit;

namespace Sentinela.Tests.Push;

public sealed class WebPushOptionsTests
{
    static bool Valid(Action<WebPushOptions> change)
    {
        var options = ShippedSettings.Push();
        change(options.WebPush);
        return new DataAnnotationValidateOptions<PushOptions>(Options.DefaultName).Validate(Options.DefaultName, options).Succeeded;
    }

    [Fact]
    public void Shipped_web_push_settings_are_valid_and_match_the_code_defaults()
    {
        var (code, shipped) = (new WebPushOptions(), ShippedSettings.Push().WebPush);

        Assert.True(Valid(_ => { }));
        Assert.Equal((code.Subject, code.PublicKey, code.PrivateKey, code.RequireHttps, code.MaxParallelRequests, code.MaxPerSecond),
            (shipped.Subject, shipped.PublicKey, shipped.PrivateKey, shipped.RequireHttps, shipped.MaxParallelRequests, shipped.MaxPerSecond));
        Assert.Equal(code.EndpointHosts, shipped.EndpointHosts);
    }

    [Fact]
    public void A_configured_key_pair_must_be_whole_well_formed_and_matching()
    {
        var (publicKey, privateKey) = ProviderFakes.NewVapidKeys();
        var (otherPublic, _) = ProviderFakes.NewVapidKeys();

        Assert.True(Valid(w => (w.PublicKey, w.PrivateKey) = (publicKey, privateKey)));
        Assert.False(Valid(w => (w.PublicKey, w.PrivateKey) = (otherPublic, privateKey)));
        Assert.False(Valid(w => w.PrivateKey = privateKey));
        Assert.False(Valid(w => (w.PublicKey, w.PrivateKey) = (publicKey, "c2hvcnQ")));
        Assert.False(Valid(w => (w.PublicKey, w.PrivateKey) = (publicKey[..40], privateKey)));
    }

    [Fact]
    public void The_subject_is_a_mailto_or_https_url()
    {
        Assert.True(Valid(w => w.Subject = "https://sentinela.saude.mg.gov.br/contato"));
        Assert.False(Valid(w => w.Subject = "operacao@sentinela"));
        Assert.False(Valid(w => w.Subject = "http://sentinela.example"));
        Assert.False(Valid(w => w.Subject = ""));
    }

    [Fact]
    public void Endpoints_must_be_https_on_a_listed_push_service()
    {
        var shipped = ShippedSettings.Push().WebPush;

        Assert.True(shipped.Allows("https://fcm.googleapis.com/fcm/send/abc"));
        Assert.True(shipped.Allows("https://updates.push.services.mozilla.com/wpush/v2/abc"));
        Assert.True(shipped.Allows("https://web.push.apple.com/QGu"));
        Assert.True(shipped.Allows("https://wns2-by3p.notify.windows.com/w/?token=abc"));
        Assert.False(shipped.Allows("http://fcm.googleapis.com/fcm/send/abc"));
        Assert.False(shipped.Allows("https://notfcm.googleapis.com.example/abc"));
        Assert.False(shipped.Allows("https://169.254.169.254/latest/meta-data"));
        Assert.False(shipped.Allows("/relative"));
    }
}

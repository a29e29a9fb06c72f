using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Sentinela.Server.Identity;
using Sentinela.Server.Push.Devices;
using Sentinela.Server.Storage;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Push;

namespace Sentinela.Tests.Observability;

[Collection(ObservabilityCollection.Name)]
public sealed class PushTraceTests
{
    [Fact]
    public async Task A_push_send_is_its_own_trace_linked_to_the_alert_trace_that_queued_it()
    {
        await using var fakes = await ProviderFakes.StartAsync(TimeProvider.System);
        var spans = new ConcurrentQueue<Activity>();
        var settings = fakes.ServerSettings();
        settings["Sentinela:Push:Dispatch:PollInterval"] = "00:00:00.050";
        await using var server = new RealtimeServer(settings, configure: web => web.ConfigureServices(s =>
            s.ConfigureOpenTelemetryTracerProvider(t => t.AddProcessor(new SpanCollector(spans)))));
        var manager = SentinelaFactory.UserId("gestora");
        await server.Factory.Services.GetRequiredService<IAccountStore>().AddUserAsync(new UserAccount(manager, Cpf.Parse("52998224725"), "gestora",
            Role.MunicipalManager, Jurisdiction.OfMunicipality(Outbreaks.Contagem), null, "-", DateTimeOffset.UtcNow), default);
        await server.Factory.Services.GetRequiredService<IDeviceStore>().UpsertAsync(
            new Device("gestora-phone", manager, "ExponentPushToken[gestora]", null, null, DateTimeOffset.UtcNow), default);

        var alert = await Outbreaks.PlateletsLowInContagemAsync(server.Http);

        bool IsForVersion1(Activity s) => (string?)s.GetTagItem("sentinela.alert.id") == alert.Id.ToString() && (int?)s.GetTagItem("sentinela.alert.version") == 1;
        var send = await Eventually.WaitForAsync(() => Task.FromResult(spans.FirstOrDefault(s => s.OperationName == "push.send" && IsForVersion1(s))),
            s => s is not null);
        var publish = spans.Single(s => s.OperationName == "alerts.publish" && IsForVersion1(s));
        var enqueue = spans.Single(s => s.OperationName == "push.enqueue" && s.ParentSpanId == publish.SpanId);

        Assert.NotNull(send);
        Assert.NotEqual(publish.TraceId, send.TraceId);
        var link = Assert.Single(send.Links);
        Assert.Equal((enqueue.TraceId, enqueue.SpanId), (link.Context.TraceId, link.Context.SpanId));
        Assert.Contains(fakes.Expo.Messages, m => m["to"]!.GetValue<string>() == "ExponentPushToken[gestora]");
    }
}

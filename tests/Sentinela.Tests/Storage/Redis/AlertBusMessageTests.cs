using Sentinela.Geography;
using Sentinela.Server.Alerts;
using Sentinela.Server.Storage.Distributed.Redis;
using Sentinela.Tests.Unit;

namespace Sentinela.Tests.Storage.Redis;

public sealed class AlertBusMessageTests
{
    [Fact]
    public void An_alert_version_and_its_trace_context_survive_MessagePack()
    {
        var centre = new Municipality(3118601, "Contagem", new GeoPoint(-19.93, -44.05), 31, false);
        var alert = TestAlerts.Circle(centre, 10) with { Sequence = 42, Version = 3, ReportingLabs = ["lab-1", "lab-2"], Headline = "Plaquetas baixas" };
        var received = DateTimeOffset.Parse("2026-03-01T12:34:56.789-03:00");
        const string traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        var back = AlertBusMessage.Deserialize(new AlertBusMessage("instance-a", alert, received, traceParent).Serialize());

        Assert.Equal(("instance-a", received, traceParent), (back.Origin, back.CauseReceivedAt, back.TraceParent));
        Assert.Equal(received.Offset, back.CauseReceivedAt!.Value.Offset);
        Assert.Equal(alert.ReportingLabs, back.Alert.ReportingLabs);
        Assert.Equal(alert, back.Alert with { ReportingLabs = alert.ReportingLabs });
        Assert.Equal(new PublishedAlert(back.Alert, received, traceParent), back.ToPublished());
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sentinela.Server.Alerts;
using Sentinela.Server.Delivery;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Unit;

namespace Sentinela.Tests.Delivery;

/// <summary>The fan-out's ticks: versions published together go to each watcher at the latest version it matches.</summary>
public sealed class CoalescingTests
{
    [Fact]
    public async Task Versions_published_within_one_tick_reach_each_watcher_only_at_the_latest_version_it_wants()
    {
        await using var server = new RealtimeServer(new() { ["Sentinela:Delivery:CoalesceWindow"] = "00:00:01" });
        await using var everything = await server.ConnectAsync("everything");
        await using var raisedOnly = await server.ConnectAsync("raised-only");
        await everything.WatchAsync(new WatchArea { State = "MG" });
        await raisedOnly.WatchAsync(new WatchArea { State = "MG", EventTypes = ["raised"] });
        var bus = server.Factory.Services.GetRequiredService<IAlertBus>();
        var around = TestAlerts.Circle(ReferenceData.Municipalities.Find(Outbreaks.Contagem)!, 20);
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());

        // The first goes out at once and opens the window; the next three are published inside it.
        await bus.PublishAsync(new PublishedAlert(around with { Id = Guid.NewGuid(), Sequence = 1000 }), default);
        await bus.PublishAsync(new PublishedAlert(around with { Id = a, Version = 1, Sequence = 1001 }), default);
        await bus.PublishAsync(new PublishedAlert(around with { Id = a, Version = 2, Sequence = 1002 }), default);
        await bus.PublishAsync(new PublishedAlert(around with { Id = b, Version = 1, Sequence = 1003 }), default);
        var fanOut = server.Factory.Services.GetServices<IHostedService>().OfType<AlertFanOut>().Single();
        await Eventually.WaitForAsync(() => Task.FromResult(fanOut.HandledSequence), handled => handled >= 1003, TimeSpan.FromSeconds(20));
        await everything.SyncAsync();
        await raisedOnly.SyncAsync();

        Assert.Equal([1000L, 1002L, 1003L], everything.Alerts.Select(e => e.Sequence));
        Assert.Equal("updated", everything.Alerts.Single(e => e.Alert.Id == a).EventType);
        // Version 2 is an update, which this watcher does not want: it gets the raise the other watcher skipped.
        Assert.Equal([1000L, 1001L, 1003L], raisedOnly.Alerts.Select(e => e.Sequence));
    }
}

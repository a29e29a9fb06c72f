using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Sentinela.Server.Delivery;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Identity;

/// <summary>Input hygiene on the hub: oversized messages end the connection, bad arguments are refused with a reason.</summary>
public sealed class HubInputTests
{
    [Fact]
    public async Task A_hub_message_over_the_size_limit_closes_the_connection_and_changes_nothing()
    {
        await using var server = new RealtimeServer(new() { ["Sentinela:Delivery:MaxMessageBytes"] = "4096" });
        await using var probe = await server.ConnectAsync();
        var registry = server.Factory.Services.GetRequiredService<ConnectionRegistry>();

        var oversized = await Record.ExceptionAsync(() => probe.WatchAsync(new WatchArea { Id = new string('x', 10_000), State = "MG" }));

        Assert.NotNull(oversized);
        Assert.Equal(HubConnectionState.Disconnected,
            await Eventually.WaitForAsync(() => Task.FromResult(probe.Connection.State), s => s == HubConnectionState.Disconnected));
        Assert.Equal(0, await Eventually.WaitForAsync(() => Task.FromResult(registry.Count), c => c == 0));
    }

    [Fact]
    public async Task Calls_over_the_per_connection_allowance_are_refused_and_the_connection_stays()
    {
        await using var server = new RealtimeServer(new() { ["Sentinela:Limits:HubCallsPerMinute"] = "5" });
        await using var probe = await server.ConnectAsync();

        for (var i = 0; i < 5; i++) await probe.Connection.InvokeAsync<bool>("Unsubscribe", "none");
        var sixth = await Assert.ThrowsAsync<HubException>(() => probe.Connection.InvokeAsync<bool>("Unsubscribe", "none"));

        Assert.Contains("5 calls per minute", sixth.Message);
        Assert.Equal(HubConnectionState.Connected, probe.Connection.State);
        // Another connection has its own allowance.
        await using var other = await server.ConnectAsync("other");
        Assert.False(await other.Connection.InvokeAsync<bool>("Unsubscribe", "none"));
    }

    [Fact]
    public async Task A_flood_of_refused_calls_is_logged_a_few_times_at_Information_without_stack_traces()
    {
        await using var server = new RealtimeServer(new() { ["Sentinela:Limits:HubCallsPerMinute"] = "5" },
            configure: web => web.ConfigureLogging(logging => logging.AddFakeLogging()));
        await using var probe = await server.ConnectAsync();

        for (var i = 0; i < 700; i++) await Record.ExceptionAsync(() => probe.Connection.InvokeAsync<bool>("Unsubscribe", "none"));
        await Record.ExceptionAsync(() => probe.WatchAsync(new WatchArea { State = "XX" }));

        var records = server.Factory.Services.GetRequiredService<FakeLogCollector>().GetSnapshot();
        Assert.DoesNotContain(records, r => r.Level >= LogLevel.Error);
        Assert.DoesNotContain(records, r => r.Exception is HubException);
        var refusals = records.Where(r => r.Id.Id == 9003).ToList();
        Assert.InRange(refusals.Count, 1, Sentinela.Server.Observability.RefusalLog.LinesPerMinute);
        Assert.All(refusals, r => Assert.Equal(LogLevel.Information, r.Level));
        Assert.Contains("5 calls per minute", refusals[0].Message);
        Assert.Equal(HubConnectionState.Connected, probe.Connection.State);
    }

    [Fact]
    public async Task Malformed_watch_areas_and_negative_sequences_are_refused_with_a_reason()
    {
        await using var server = new RealtimeServer();
        await using var probe = await server.ConnectAsync();

        var none = await Assert.ThrowsAsync<HubException>(() => probe.WatchAsync(new WatchArea()));
        var two = await Assert.ThrowsAsync<HubException>(() => probe.WatchAsync(new WatchArea { State = "MG", MunicipalityCode = 3118601 }));
        var offMap = await Assert.ThrowsAsync<HubException>(() => probe.WatchAsync(new WatchArea { Latitude = 91, Longitude = 0, RadiusKm = 5 }));
        var sequence = await Assert.ThrowsAsync<HubException>(() => probe.Connection.InvokeAsync<ResumeResult>("Resume", -1L));

        Assert.Contains("exactly one", none.Message);
        Assert.Contains("exactly one", two.Message);
        Assert.Contains("out of range", offMap.Message);
        Assert.Contains("negative", sequence.Message);
        Assert.Equal(HubConnectionState.Connected, probe.Connection.State);
    }
}

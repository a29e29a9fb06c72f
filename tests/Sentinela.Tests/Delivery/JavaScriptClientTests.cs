using System.Diagnostics;
using System.Text.Json;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Delivery;

/// <summary>The official @microsoft/signalr JavaScript client (from npm, run by Node) receives an alert: browsers are proven, not assumed.</summary>
public sealed class JavaScriptClientTests
{
    [Theory]
    [InlineData("WebSockets")]
    [InlineData("ServerSentEvents")]
    [InlineData("LongPolling")]
    public async Task The_JavaScript_SignalR_client_receives_an_alert(string transport)
    {
        await using var server = new RealtimeServer();
        var script = ReferenceData.FindUp("tests/js/receive-alert.mjs") ?? throw new FileNotFoundException("tests/js/receive-alert.mjs");
        using var node = Process.Start(new ProcessStartInfo("node", [script, server.Hub.ToString(), transport, "30000"])
        {
            WorkingDirectory = Path.GetDirectoryName(script)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["SENTINELA_TOKEN"] = server.Factory.TokenFor(user: "browser") },
        })!;
        // Read stderr only on failure: reading it to the end waits for node to exit.
        var ready = await node.StandardOutput.ReadLineAsync();
        if (ready != "READY") Assert.Fail($"node said: {ready} {await node.StandardError.ReadToEndAsync()}");

        var alert = await Outbreaks.PlateletsLowInContagemAsync(server.Http, count: 20);
        var line = await node.StandardOutput.ReadLineAsync();
        await node.WaitForExitAsync();

        if (node.ExitCode != 0) Assert.Fail($"node exited {node.ExitCode} after printing '{line}': {await node.StandardError.ReadToEndAsync()}");
        using var received = JsonDocument.Parse(line!);
        Assert.Equal(alert.Id.ToString(), received.RootElement.GetProperty("alert").GetProperty("id").GetString());
        Assert.Equal("raised", received.RootElement.GetProperty("eventType").GetString());
        Assert.StartsWith("Surto detectado", received.RootElement.GetProperty("alert").GetProperty("headline").GetString());
    }
}

using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Sentinela.Server.Identity;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sentinela.Server.Delivery;
using Sentinela.Server.Storage;

namespace Sentinela.Tests.Infrastructure;

/// <summary>The server on real Kestrel sockets at 127.0.0.1 on a free port, for real-time clients.</summary>
public sealed class RealtimeServer : IAsyncDisposable
{
    public SentinelaFactory Factory { get; }
    public Uri BaseAddress { get; }
    public HttpClient Http { get; }

    /// <param name="port">0 for a free port; a given port lets a restarted server come back where clients expect it.</param>
    /// <param name="dataDirectory">Reuse another server's data (a restart).</param>
    public RealtimeServer(Dictionary<string, string?>? settings = null, int port = 0, string? dataDirectory = null,
        Action<Microsoft.AspNetCore.Hosting.IWebHostBuilder>? configure = null)
    {
        Factory = new SentinelaFactory(settings, dataDirectory, configure);
        Factory.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        Factory.StartServer();
        var address = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        Http = new HttpClient(new TestCredentials(Factory, new SocketsHttpHandler())) { BaseAddress = BaseAddress };
    }

    public Uri Hub => new(BaseAddress, "/hubs/alerts");

    /// <summary>A real-time client of a user who watches from the given jurisdiction (the whole country by default).</summary>
    public Task<HubProbe> ConnectAsync(string user = "admin", Role role = Role.Admin, Jurisdiction? jurisdiction = null,
        HttpTransportType transport = HttpTransportType.WebSockets, bool messagePack = false) =>
        HubProbe.ConnectAsync(Hub, Factory.TokenFor(role, jurisdiction, user), transport, messagePack, SettleAsync);

    /// <summary>Returns once the fan-out has handled every alert version the log holds (published after the append).</summary>
    public async Task SettleAsync()
    {
        var last = await Factory.Services.GetRequiredService<IAlertStore>().LastSequenceAsync(default);
        var fanOut = Factory.Services.GetServices<IHostedService>().OfType<AlertFanOut>().Single();
        await Eventually.WaitForAsync(() => Task.FromResult(fanOut.HandledSequence), handled => handled >= last, TimeSpan.FromSeconds(20));
    }

    /// <summary>Stops the server and keeps its data, as a crash or a deploy would.</summary>
    public async Task StopAsync()
    {
        Http.Dispose();
        await Factory.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Factory.DisposeAndDeleteAsync();
    }
}

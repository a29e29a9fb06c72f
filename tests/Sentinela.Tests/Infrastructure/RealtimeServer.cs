using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Sentinela.Tests.Infrastructure;

/// <summary>The server on real Kestrel sockets at 127.0.0.1 on a free port, for real-time clients.</summary>
public sealed class RealtimeServer : IAsyncDisposable
{
    public SentinelaFactory Factory { get; }
    public Uri BaseAddress { get; }
    public HttpClient Http { get; }

    public RealtimeServer(Dictionary<string, string?>? settings = null)
    {
        Factory = new SentinelaFactory(settings);
        Factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        Factory.StartServer();
        var address = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        Http = new HttpClient { BaseAddress = BaseAddress };
    }

    public Uri Hub => new(BaseAddress, "/hubs/alerts");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Factory.DisposeAndDeleteAsync();
    }
}

using System.Net;
using System.Net.Sockets;

namespace Sentinela.Tests.Infrastructure.Services;

/// <summary>Loopback ports nobody listens on, asked of the kernel (port 0) and released just before use.</summary>
public static class FreePorts
{
    public static int[] Take(int count)
    {
        // Held together so one call never hands out the same port twice.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        foreach (var l in listeners) l.Start();
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var l in listeners) l.Stop();
        return ports;
    }

    public static int Take() => Take(1)[0];
}

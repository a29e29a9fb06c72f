using System.Net;
using System.Net.Sockets;

namespace Sentinela.Tests.Infrastructure.Services;

/// <summary>
/// Loopback ports nobody listens on, for servers the tests start. Taken below the kernel's ephemeral range
/// (net.ipv4.ip_local_port_range): a port the kernel hands out for port 0 can be taken again by any outgoing connection
/// of this busy test run before the server binds it, which once killed a load-test instance with "address already in
/// use". Below that range only explicit listeners compete, and each port is handed out once per process.
/// </summary>
public static class FreePorts
{
    static readonly HashSet<int> Given = [];
    static readonly (int Low, int High) Range = BelowEphemeral();

    public static int Take() => Take(1)[0];

    public static int[] Take(int count) => Enumerable.Range(0, count).Select(_ => Consecutive(1)).ToArray();

    /// <summary>The first of <paramref name="count"/> free ports in a row (a script that gives instance i PORT + i).</summary>
    public static int Consecutive(int count)
    {
        lock (Given)
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var first = Random.Shared.Next(Range.Low, Range.High - count);
                var ports = Enumerable.Range(first, count).ToList();
                if (ports.Any(Given.Contains) || !ports.All(IsFree)) continue;
                Given.UnionWith(ports);
                return first;
            }
        }
        throw new InvalidOperationException($"No {count} free loopback ports in a row between {Range.Low} and {Range.High}.");
    }

    static bool IsFree(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }

    static (int, int) BelowEphemeral()
    {
        const string file = "/proc/sys/net/ipv4/ip_local_port_range";
        var low = File.Exists(file) && int.TryParse(File.ReadAllText(file).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], out var l) ? l : 32768;
        // Well above the registered services' usual ports (PostgreSQL 5432, Redis 6379, ...).
        return (Math.Min(15000, low / 2), low);
    }
}

using System.Net;
using System.Net.Sockets;

namespace Sentinela.Tests.Infrastructure.Services;

/// <summary>
/// A TCP relay on a free loopback port to a target port that can hold every chunk for <see cref="Delay"/> in each
/// direction: network latency for one link only. Hand-written because tc netem on the loopback interface would slow every
/// other process on a shared machine, and no library in the mirror does this.
/// </summary>
public sealed class DelayProxy : IAsyncDisposable
{
    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource _stop = new();
    readonly int _target;
    readonly Task _accepting;

    DelayProxy(int target)
    {
        _target = target;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Added to every read before it is forwarded (each way); zero relays at once.</summary>
    public TimeSpan Delay { get; set; }

    public static DelayProxy Start(int targetPort) => new(targetPort);

    async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = RelayAsync(inbound);
        }
    }

    async Task RelayAsync(TcpClient inbound)
    {
        using (inbound)
        using (var outbound = new TcpClient())
        {
            try
            {
                await outbound.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
                inbound.NoDelay = outbound.NoDelay = true;
                // Either side closing (or the target dying) ends both.
                await Task.WhenAny(PumpAsync(inbound.GetStream(), outbound.GetStream()), PumpAsync(outbound.GetStream(), inbound.GetStream()));
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
            {
            }
        }
    }

    async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0) return;
                if (Delay > TimeSpan.Zero) await Task.Delay(Delay, _stop.Token);
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}

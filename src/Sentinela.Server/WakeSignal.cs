using System.Threading.Channels;

namespace Sentinela.Server;

/// <summary>
/// A wake-up for a polling loop: set any number of times (from a callback or another loop), it wakes the waiter once; the wait
/// also ends after its interval, so a lost signal costs one interval, never a stall.
/// </summary>
public sealed class WakeSignal
{
    readonly Channel<bool> _set = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Set() => _set.Writer.TryWrite(true);

    /// <summary>Returns when set or after <paramref name="interval"/>; throws only when <paramref name="stop"/> is cancelled.</summary>
    public async Task WaitAsync(TimeSpan interval, CancellationToken stop)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop);
        wait.CancelAfter(interval);
        try
        {
            await _set.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
        }
    }
}

namespace Sentinela.LoadHarness;

/// <summary>
/// N clients over P processes: in this one when P = 1, otherwise in P child processes (this one only coordinates), each
/// with its share of the clients, of the connect concurrency, and the same round-robin over servers and users.
/// </summary>
public sealed class WatcherPool(IReadOnlyList<IWatcherGroup> groups) : IWatcherGroup
{
    public static async Task<WatcherPool> ConnectAsync(WatcherKind kind, HarnessArguments arguments, IReadOnlyList<Uri> servers,
        IReadOnlyList<string> tokens, int clients, string state)
    {
        var timeout = arguments.Wait + TimeSpan.FromSeconds(30);
        var processes = Math.Clamp(arguments.Processes, 1, clients);
        if (processes == 1)
            return new([await LocalWatchers.ConnectAsync(kind, servers, tokens, clients, 0, Sentinela.Client.WatchArea.ForState(state),
                arguments.ConnectConcurrency, timeout)]);
        var share = (clients + processes - 1) / processes;
        var starting = Enumerable.Range(0, processes).Select(p => (Offset: p * share, Count: Math.Min(share, clients - p * share)))
            .Where(s => s.Count > 0)
            .Select(s => ChildWatchers.StartAsync(kind, servers, tokens, s.Count, s.Offset, state,
                Math.Max(1, arguments.ConnectConcurrency / processes), timeout));
        return new([.. await Task.WhenAll(starting)]);
    }

    public int Ready => groups.Sum(g => g.Ready);

    public IReadOnlyDictionary<string, int> Failures =>
        groups.SelectMany(g => g.Failures).GroupBy(f => f.Key).ToDictionary(f => f.Key, f => f.Sum(x => x.Value));

    public long MaxSequence => groups.Max(g => g.MaxSequence);

    public Task MarkAsync(long sequence) => Task.WhenAll(groups.Select(g => g.MarkAsync(sequence)));

    public async Task<WatcherReport> ReportAsync(TimeSpan wait) => WatcherReport.Combine(await Task.WhenAll(groups.Select(g => g.ReportAsync(wait))));

    public Task DropAsync() => Task.WhenAll(groups.Select(g => g.DropAsync()));

    public Task ReconnectAsync() => Task.WhenAll(groups.Select(g => g.ReconnectAsync()));

    public async ValueTask DisposeAsync()
    {
        foreach (var group in groups) await group.DisposeAsync();
    }
}

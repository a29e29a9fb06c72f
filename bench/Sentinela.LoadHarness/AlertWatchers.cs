using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.Connections;
using Sentinela.Client;

namespace Sentinela.LoadHarness;

/// <summary>
/// Many real-time clients in this process: each a <see cref="SentinelaAlertClient"/> (the SDK apps use) over
/// WebSockets, logged in as one of the harness users and watching one area. Records, per client, when it became ready
/// (connected, subscribed and resumed: the SDK's subscribe returns after the replay) and when it first received an
/// event newer than <see cref="Mark"/>, and for every live event how long after the server decided it (alert
/// <c>updatedAt</c>, same machine clock) it arrived.
/// </summary>
public sealed class AlertWatchers : IAsyncDisposable
{
    readonly SentinelaAlertClient?[] _clients;
    readonly long[] _readyAt;
    readonly long[] _firstEventAt;
    readonly List<double>[] _liveLagsMs;
    readonly ConcurrentDictionary<(Guid, int), byte> _versionsSeen = new();
    readonly ConcurrentDictionary<string, int> _failures = new();
    long _mark;

    AlertWatchers(int count)
    {
        _clients = new SentinelaAlertClient?[count];
        _readyAt = new long[count];
        _firstEventAt = new long[count];
        _liveLagsMs = [.. Enumerable.Range(0, count).Select(_ => new List<double>())];
    }

    public int Ready => _readyAt.Count(t => t != 0);
    public IReadOnlyDictionary<string, int> Failures => _failures;

    /// <summary>Alert versions (id, version) newer than the mark that at least one client received.</summary>
    public int VersionsSeen => _versionsSeen.Count;

    /// <summary>The last sequence each client has seen (where it would resume from); 0 for one that never connected.</summary>
    public long[] LastSequences => [.. _clients.Select(c => c?.LastSequence ?? 0)];

    /// <summary>
    /// Connects <paramref name="count"/> clients, <paramref name="concurrency"/> at a time, spread round-robin over the
    /// servers and users. A client not ready within <paramref name="timeout"/> is counted as failed and dropped.
    /// </summary>
    /// <param name="resumeFrom">Each client's first resume sequence (a reconnect); null = 0.</param>
    public static async Task<AlertWatchers> ConnectAsync(IReadOnlyList<Uri> servers, IReadOnlyList<SentinelaSession> users, int count,
        WatchArea area, int concurrency, TimeSpan timeout, IReadOnlyList<long>? resumeFrom = null, long mark = 0)
    {
        var watchers = new AlertWatchers(count) { _mark = mark };
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (i, _) => await watchers.ConnectOneAsync(i, servers[i % servers.Count], users[i % users.Count], area, timeout, resumeFrom?[i] ?? 0));
        return watchers;
    }

    async Task ConnectOneAsync(int i, Uri server, SentinelaSession user, WatchArea area, TimeSpan timeout, long resumeFrom)
    {
        var client = new SentinelaAlertClient(new SentinelaClientOptions
        {
            ServerUrl = server,
            AccessTokenProvider = user.GetAccessTokenAsync,
            Transports = HttpTransportType.WebSockets,
            InitialSequence = resumeFrom,
        });
        client.AlertReceived += e => OnAlert(i, e);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await client.ConnectAsync(deadline.Token);
            await client.SubscribeAsync(area, deadline.Token);
            _clients[i] = client;
            Volatile.Write(ref _readyAt[i], Stopwatch.GetTimestamp());
        }
        catch (Exception e)
        {
            _failures.AddOrUpdate(e is OperationCanceledException ? "not ready in time" : e.GetType().Name, 1, (_, n) => n + 1);
            await client.DisposeAsync();
        }
    }

    void OnAlert(int i, AlertEvent e)
    {
        if (e.Sequence <= Interlocked.Read(ref _mark)) return;
        Interlocked.CompareExchange(ref _firstEventAt[i], Stopwatch.GetTimestamp(), 0);
        _versionsSeen.TryAdd((e.Alert.Id, e.Alert.Version), 0);
        if (e.Replayed) return;
        var lag = (DateTimeOffset.UtcNow - e.Alert.UpdatedAt).TotalMilliseconds;
        lock (_liveLagsMs[i]) _liveLagsMs[i].Add(lag);
    }

    /// <summary>From now on only events after the newest sequence any client has seen count; first-receipt times restart.</summary>
    public void Mark()
    {
        Interlocked.Exchange(ref _mark, _clients.Max(c => c?.LastSequence ?? 0));
        Array.Clear(_firstEventAt);
        _versionsSeen.Clear();
        foreach (var lags in _liveLagsMs) lock (lags) lags.Clear();
    }

    /// <summary>When each ready client first received an event after the mark (Stopwatch timestamps; 0 = not yet).</summary>
    public IEnumerable<long> FirstEventTimes => _firstEventAt.Where((_, i) => _clients[i] is not null);

    public IEnumerable<long> ReadyTimes => _readyAt.Where(t => t != 0);

    /// <summary>Every live event's delay from the server's decision to this client, over all clients.</summary>
    public IEnumerable<double> LiveLagsMs => _liveLagsMs.SelectMany(l => { lock (l) return l.ToArray(); });

    public int LiveEventsReceived => _liveLagsMs.Sum(l => { lock (l) return l.Count; });

    /// <summary>Waits until every ready client received an event after the mark, or <paramref name="timeout"/>.</summary>
    public async Task WaitForEveryoneAsync(TimeSpan timeout)
    {
        var until = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (FirstEventTimes.Any(t => t == 0) && Stopwatch.GetTimestamp() < until) await Task.Delay(50);
    }

    /// <summary>
    /// Closes every connection at once, as a network failure or a server restart would; waits 30 s at most for a server
    /// too busy to answer the close handshakes (the sockets are gone either way).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        var closing = Task.WhenAll(_clients.Where(c => c is not null).Select(c => c!.DisposeAsync().AsTask()));
        await Task.WhenAny(closing, Task.Delay(TimeSpan.FromSeconds(30)));
    }
}

using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Client;

namespace Sentinela.LoadHarness;

/// <summary>
/// Clients in this process. Sentinela: the SDK over WebSockets (no negotiate), a token per client (round-robin over the
/// harness users), watching one area, acking cumulatively. Bare: a plain SignalR connection over WebSockets (no
/// negotiate, the same shared JSON options) to the baseline's <c>/hub</c>, acking each event. Connections go round-robin
/// over the servers, <c>concurrency</c> at a time; a client not ready within the timeout is counted failed and dropped.
/// </summary>
public sealed class LocalWatchers : IWatcherGroup
{
    readonly WatcherKind _kind;
    readonly IReadOnlyList<Uri> _servers;
    readonly IReadOnlyList<string> _tokens;
    readonly WatchArea _area;
    readonly int _concurrency;
    readonly TimeSpan _timeout;
    readonly int _offset;
    readonly IAsyncDisposable?[] _clients;
    readonly Func<long>?[] _lastSequence;
    readonly long[] _resumeFrom;
    readonly double[] _readyAt;
    readonly double[] _firstEventAt;
    readonly List<double>[] _lags;
    readonly ConcurrentDictionary<string, int> _failures = new();
    long _mark;
    int _resends;
    int _eventBytes;
    long _maxSeen;

    LocalWatchers(WatcherKind kind, IReadOnlyList<Uri> servers, IReadOnlyList<string> tokens, int count, int offset, WatchArea area,
        int concurrency, TimeSpan timeout)
    {
        (_kind, _servers, _tokens, _offset, _area, _concurrency, _timeout) = (kind, servers, tokens, offset, area, concurrency, timeout);
        _clients = new IAsyncDisposable?[count];
        _lastSequence = new Func<long>?[count];
        _resumeFrom = new long[count];
        _readyAt = new double[count];
        _firstEventAt = new double[count];
        _lags = [.. Enumerable.Range(0, count).Select(_ => new List<double>())];
        Array.Fill(_readyAt, double.NaN);
        Array.Fill(_firstEventAt, double.NaN);
    }

    /// <param name="offset">The first client's global index, so several processes share the servers and users round-robin alike.</param>
    public static async Task<LocalWatchers> ConnectAsync(WatcherKind kind, IReadOnlyList<Uri> servers, IReadOnlyList<string> tokens, int count,
        int offset, WatchArea area, int concurrency, TimeSpan timeout)
    {
        var watchers = new LocalWatchers(kind, servers, tokens, count, offset, area, concurrency, timeout);
        await watchers.ConnectAllAsync();
        return watchers;
    }

    public int Ready => _clients.Count(c => c is not null);

    public IReadOnlyDictionary<string, int> Failures => _failures;

    public long MaxSequence => _lastSequence.Max(f => f?.Invoke() ?? 0);

    public Task MarkAsync(long sequence)
    {
        Interlocked.Exchange(ref _mark, sequence);
        Array.Fill(_firstEventAt, double.NaN);
        Interlocked.Exchange(ref _resends, 0);
        foreach (var lags in _lags) lock (lags) lags.Clear();
        return Task.CompletedTask;
    }

    public async Task<WatcherReport> ReportAsync(TimeSpan wait)
    {
        var until = DateTime.UtcNow + wait;
        while (Enumerable.Range(0, _clients.Length).Any(i => _clients[i] is not null && double.IsNaN(Volatile.Read(ref _firstEventAt[i])))
               && DateTime.UtcNow < until)
            await Task.Delay(50);
        return new WatcherReport([.. _readyAt], [.. _firstEventAt.Where((_, i) => _clients[i] is not null)],
            [.. _lags.SelectMany(l => { lock (l) return l.ToArray(); })], Volatile.Read(ref _resends), _eventBytes, Interlocked.Read(ref _maxSeen));
    }

    public async Task DropAsync()
    {
        for (var i = 0; i < _clients.Length; i++) _resumeFrom[i] = _lastSequence[i]?.Invoke() ?? 0;
        var closing = Task.WhenAll(_clients.Where(c => c is not null).Select(c => c!.DisposeAsync().AsTask()));
        // A server too busy to answer the close handshakes does not hold the run: the sockets are gone either way.
        await Task.WhenAny(closing, Task.Delay(TimeSpan.FromSeconds(30)));
        Array.Clear(_clients);
        Array.Clear(_lastSequence);
        Array.Fill(_readyAt, double.NaN);
    }

    public Task ReconnectAsync() => ConnectAllAsync();

    public ValueTask DisposeAsync() => new(DropAsync());

    Task ConnectAllAsync() =>
        Parallel.ForAsync(0, _clients.Length, new ParallelOptions { MaxDegreeOfParallelism = _concurrency }, async (i, _) => await ConnectOneAsync(i));

    async Task ConnectOneAsync(int i)
    {
        var global = _offset + i;
        var server = _servers[global % _servers.Count];
        using var deadline = new CancellationTokenSource(_timeout);
        IAsyncDisposable? client = null;
        try
        {
            if (_kind == WatcherKind.Sentinela)
            {
                var token = _tokens[global % _tokens.Count];
                var sdk = new SentinelaAlertClient(new SentinelaClientOptions
                {
                    ServerUrl = server,
                    AccessTokenProvider = () => Task.FromResult<string?>(token),
                    Transports = HttpTransportType.WebSockets,
                    InitialSequence = _resumeFrom[i],
                });
                client = sdk;
                sdk.AlertReceived += e => OnEvent(i, e);
                await sdk.ConnectAsync(deadline.Token);
                await sdk.SubscribeAsync(_area, deadline.Token);
                _lastSequence[i] = () => sdk.LastSequence;
            }
            else
            {
                var connection = new HubConnectionBuilder()
                    .WithUrl(new Uri(server, "hub"), o =>
                    {
                        o.Transports = HttpTransportType.WebSockets;
                        o.SkipNegotiation = true;
                    })
                    .AddJsonProtocol(o => o.PayloadSerializerOptions = SentinelaWireFormat.JsonOptions)
                    .Build();
                client = connection;
                var last = 0L;
                connection.On<AlertEvent>("alert", e =>
                {
                    Interlocked.Exchange(ref last, Math.Max(Interlocked.Read(ref last), e.Sequence));
                    OnEvent(i, e);
                    return connection.SendAsync("Ack", e.Sequence);
                });
                await connection.StartAsync(deadline.Token);
                _lastSequence[i] = () => Interlocked.Read(ref last);
            }
            _clients[i] = client;
            Volatile.Write(ref _readyAt[i], WatcherReport.Now());
        }
        catch (Exception e)
        {
            _failures.AddOrUpdate(e is OperationCanceledException ? "not ready in time" : e.GetType().Name, 1, (_, n) => n + 1);
            if (client is not null) await client.DisposeAsync();
        }
    }

    void OnEvent(int i, AlertEvent e)
    {
        if (e.Sequence <= Interlocked.Read(ref _mark)) return;
        var now = WatcherReport.Now();
        if (double.IsNaN(Volatile.Read(ref _firstEventAt[i]))) Volatile.Write(ref _firstEventAt[i], now);
        if (e.Attempt > 1) Interlocked.Increment(ref _resends);
        for (var seen = Interlocked.Read(ref _maxSeen); e.Sequence > seen; seen = Interlocked.Read(ref _maxSeen))
            if (Interlocked.CompareExchange(ref _maxSeen, e.Sequence, seen) == seen) break;
        if (_eventBytes == 0) Interlocked.CompareExchange(ref _eventBytes, JsonSerializer.SerializeToUtf8Bytes(e, SentinelaWireFormat.JsonOptions).Length, 0);
        if (e.Replayed) return;
        lock (_lags[i]) _lags[i].Add(now - (e.Alert.UpdatedAt - DateTimeOffset.UnixEpoch).TotalMilliseconds);
    }
}

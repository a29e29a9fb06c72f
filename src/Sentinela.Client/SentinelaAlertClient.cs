using System.Diagnostics;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sentinela.Client;

/// <summary>
/// A connection to Sentinela's alert hub that survives network trouble: it reconnects on <see cref="ReconnectSchedule"/>
/// forever, re-subscribes the watch areas it was given, resumes from <see cref="LastSequence"/> so missed alerts are
/// replayed, acknowledges what it processed (cumulatively, batched) and hands each (alert id, version) to the app once.
/// </summary>
/// <remarks>
/// Event handlers run one at a time, in the order the server sent the messages, on SignalR's handler loop: keep them
/// short, and hand longer work to a queue. An <see cref="AlertReceived"/> handler that throws leaves the event
/// unacknowledged and unrecorded, so the server's resend gives the app another chance.
/// </remarks>
public sealed class SentinelaAlertClient : IAsyncDisposable
{
    static readonly TimeSpan ResumedMessageGrace = TimeSpan.FromSeconds(1);

    readonly SentinelaClientOptions _options;
    readonly Uri _hubUrl;
    readonly HubConnection _connection;
    readonly ReconnectSchedule _schedule;
    readonly ILogger _logger;
    readonly CancellationTokenSource _disposing = new();

    readonly Lock _seenGate = new();
    readonly RecentAlertSet _recent;
    long _lastSequence;
    // Sequences whose AlertReceived handler threw: the cumulative ack stays below the oldest, so the server resends it.
    readonly SortedSet<long> _unhandled = [];

    // Acks are cumulative and batched: at most one AckUpTo per AckInterval, carrying the highest sequence processed.
    readonly Lock _ackGate = new();
    bool _ackScheduled;
    long _lastAckAt;

    // Serialises subscribe, unsubscribe and the restore after a reconnect; _subscriptions itself is guarded by its lock.
    readonly SemaphoreSlim _areasGate = new(1, 1);
    readonly List<Subscription> _subscriptions = [];
    int _generation;
    // Completed (and replaced) each time the client becomes connected; a subscribe waiting for a connection awaits it.
    TaskCompletionSource _connectedAgain = new(TaskCreationOptions.RunContinuationsAsynchronously);

    TaskCompletionSource<ResumeResult>? _pendingResume;
    // While (re)subscribing and resuming, live events wait here: handing one over first would advance LastSequence past
    // events the replay is about to deliver, so they would arrive out of order or, resumed from too far, not at all.
    int _holdingLive;
    readonly List<AlertEvent> _heldLive = [];
    int _state = (int)ClientConnectionState.Disconnected;
    int _connectCalled;
    int _disposed;
    // The client's own reconnect loop, for when SignalR's gives up; _closedDuringLoop makes it go round again when the
    // connection it just made is closed before it finished restoring.
    readonly Lock _loopGate = new();
    Task _reconnectLoop = Task.CompletedTask;
    bool _loopRunning;
    bool _closedDuringLoop;
    // The delay a server's reconnect request chose for the next attempt, in ticks; -1 when there is none.
    long _requestedDelayTicks = -1;

    public SentinelaAlertClient(SentinelaClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _hubUrl = options.HubUrl();
        _schedule = new ReconnectSchedule(options.ReconnectDelays, options.Jitter);
        _recent = new RecentAlertSet(options.DedupCapacity);
        _lastSequence = options.InitialSequence;
        _logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SentinelaAlertClient>();
        _connection = BuildConnection(options, _hubUrl, new RetryPolicy(this));

        // The server may name its client methods "alert" or "Alert" (a typed hub sends the C# name), and the .NET client
        // matches names case-sensitively; one handler per spelling, since the server uses only one of them.
        foreach (var name in (string[])["alert", "Alert"]) _connection.On<AlertEvent>(name, OnAlertAsync);
        foreach (var name in (string[])["heartbeat", "Heartbeat"]) _connection.On<Heartbeat>(name, OnHeartbeat);
        foreach (var name in (string[])["resumed", "Resumed"]) _connection.On<ResumeResult>(name, OnResumed);
        foreach (var name in (string[])["reconnect", "Reconnect"]) _connection.On<ReconnectRequest>(name, OnReconnectRequested);
        _connection.Reconnecting += error =>
        {
            SetState(ClientConnectionState.Reconnecting, error);
            return Task.CompletedTask;
        };
        _connection.Reconnected += _ => OnConnectedAsync();
        _connection.Closed += OnClosed;
    }

    /// <summary>Each alert version once: duplicates (resends, replays of what was already seen) are acknowledged but not raised.</summary>
    public event Action<AlertEvent>? AlertReceived;

    /// <summary>After each resume: how far the server replayed.</summary>
    public event Action<ResumeResult>? ResumeCompleted;

    /// <summary>
    /// The client was too far behind for a replay: reload the alerts through REST (<c>GET /api/alerts</c>). The client
    /// has already moved <see cref="LastSequence"/> to the server's, and live events continue from there.
    /// </summary>
    public event Action<ResumeResult>? ReloadRequired;

    public event Action<ClientStateChange>? StateChanged;

    public event Action<Heartbeat>? HeartbeatReceived;

    /// <summary>The server is about to close the connection on purpose; the client reconnects by itself.</summary>
    public event Action<ReconnectRequest>? ReconnectRequested;

    public ClientConnectionState State => (ClientConnectionState)Volatile.Read(ref _state);

    /// <summary>The highest sequence handed to the app or recognised as a duplicate; where the next resume starts.</summary>
    public long LastSequence => Interlocked.Read(ref _lastSequence);

    public string? ConnectionId => _connection.ConnectionId;

    public Uri HubUrl => _hubUrl;

    /// <summary>The watch areas kept across reconnects, with the ids <see cref="SubscribeAsync"/> returned.</summary>
    public IReadOnlyList<WatchArea> Areas
    {
        get
        {
            lock (_subscriptions) return [.. _subscriptions.Select(s => s.Requested with { Id = s.Id })];
        }
    }

    /// <summary>
    /// Connects, retrying on the reconnect schedule until it succeeds, <paramref name="cancellationToken"/> fires or the
    /// client is disposed. From then on the client reconnects by itself. Call once.
    /// </summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.CompareExchange(ref _connectCalled, 1, 0) != 0)
            throw new InvalidOperationException("ConnectAsync was already called; the client reconnects by itself.");
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        try
        {
            SetState(ClientConnectionState.Connecting);
            for (var retry = 0; !await TryStartAsync(linked.Token); retry++)
                await Task.Delay(_schedule.DelayFor(retry), linked.Token);
            await OnConnectedAsync();
        }
        catch (OperationCanceledException)
        {
            Volatile.Write(ref _connectCalled, 0);
            SetState(ClientConnectionState.Disconnected);
            throw;
        }
    }

    /// <summary>
    /// Watches an area from now on, and on every reconnect; then resumes from <see cref="LastSequence"/> so events the
    /// area missed are replayed. Returns the area with its id (the one given, or the server's). While the client is
    /// reconnecting, or when the connection drops before the server answered, it asks again on the next connection
    /// (bounded by <paramref name="cancellationToken"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The area is malformed (see <see cref="WatchArea.Validate"/>).</exception>
    /// <exception cref="InvalidOperationException"><see cref="ConnectAsync"/> was not called.</exception>
    /// <exception cref="HubException">The server refused the area.</exception>
    public async Task<WatchArea> SubscribeAsync(WatchArea area, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(area);
        area.Validate();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Volatile.Read(ref _connectCalled) == 0)
            throw new InvalidOperationException("Not connected: subscribe after ConnectAsync (areas are then kept across reconnects).");
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        await _areasGate.WaitAsync(cancellationToken);
        try
        {
            var (granted, generation) = await AskToSubscribeAsync(area, waiting.Token);
            var id = granted.Id ?? throw new InvalidOperationException("The server returned a watch area without an id.");
            lock (_subscriptions)
            {
                // Subscribing an id again replaces the area, on the server as here.
                _subscriptions.RemoveAll(s => s.Id == id);
                _subscriptions.Add(new Subscription(id, area with { Id = null }) { ServerId = id, Generation = generation });
            }
            try
            {
                await ResumeAsync(_disposing.Token);
            }
            catch (Exception e) when (!_disposing.IsCancellationRequested)
            {
                // Typically the connection dropped: the area is kept, and the restore on the next connection resumes.
                ClientLog.ResumeFailed(_logger, e);
            }
            return granted;
        }
        finally
        {
            _areasGate.Release();
        }
    }

    /// <summary>
    /// The server's grant for an area, on a connection that is up, and that connection's generation. Live events are held
    /// from the request on (<see cref="ResumeAsync"/> releases them); a request a dropped connection cut short is asked
    /// again once the client is connected again.
    /// </summary>
    async Task<(WatchArea Granted, int Generation)> AskToSubscribeAsync(WatchArea area, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Taken before looking at the state: a connection made after this point completes it.
            var connectedAgain = Volatile.Read(ref _connectedAgain).Task;
            if (State != ClientConnectionState.Connected)
            {
                await connectedAgain.WaitAsync(cancellationToken);
                continue;
            }
            var generation = Volatile.Read(ref _generation);
            Volatile.Write(ref _holdingLive, 1);
            try
            {
                return (await _connection.InvokeAsync<WatchArea>("Subscribe", area, cancellationToken), generation);
            }
            catch (Exception e) when (e is OperationCanceledException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
            {
                // SignalR cancels a pending invocation when its connection closes, and refuses one on a closed connection.
                await ReleaseHeldLiveAsync();
                ClientLog.SubscribeInterrupted(_logger, e);
                await connectedAgain.WaitAsync(cancellationToken);
            }
            catch
            {
                await ReleaseHeldLiveAsync();
                throw;
            }
        }
    }

    /// <summary>Stops watching an area. False if no area has that id.</summary>
    /// <exception cref="HubException">The server refused.</exception>
    public async Task<bool> UnsubscribeAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _areasGate.WaitAsync(cancellationToken);
        try
        {
            Subscription? subscription;
            lock (_subscriptions)
            {
                subscription = _subscriptions.Find(s => s.Id == id);
                if (subscription is null) return false;
                _subscriptions.Remove(subscription);
            }
            if (_connection.State == HubConnectionState.Connected && subscription.Generation == Volatile.Read(ref _generation))
            {
                try
                {
                    await _connection.InvokeAsync<bool>("Unsubscribe", subscription.ServerId, cancellationToken);
                }
                catch (Exception e) when (e is not HubException and not OperationCanceledException)
                {
                    // The connection dropped; the server forgets its areas with it, and the restore will not send this one.
                    ClientLog.UnsubscribeLost(_logger, id, e);
                }
            }
            return true;
        }
        finally
        {
            _areasGate.Release();
        }
    }

    /// <summary>
    /// Acknowledges every event received with a sequence up to <paramref name="sequence"/>; needed only with
    /// <see cref="SentinelaClientOptions.AutoAck"/> off.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not connected (the server resends unacknowledged events, so ack again then).</exception>
    public Task AckAsync(long sequence, CancellationToken cancellationToken = default) =>
        // Fire-and-forget on the wire: the server answers nothing, and not waiting keeps handlers free to call this.
        _connection.SendAsync("AckUpTo", sequence, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _disposing.CancelAsync();
        await _connection.DisposeAsync();
        Task loop;
        lock (_loopGate) loop = _reconnectLoop;
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }
        SetState(ClientConnectionState.Disconnected);
    }

    static HubConnection BuildConnection(SentinelaClientOptions options, Uri hubUrl, IRetryPolicy retryPolicy)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(hubUrl, http =>
            {
                http.Transports = options.Transports;
                // The transport is known: straight to the WebSocket, one socket and no negotiate round trip.
                http.SkipNegotiation = options.Transports == HttpTransportType.WebSockets;
                if (options.AccessTokenProvider is { } tokens) http.AccessTokenProvider = tokens;
                options.ConfigureConnection?.Invoke(http);
            })
            .WithAutomaticReconnect(retryPolicy)
            .WithServerTimeout(options.ServerTimeout)
            .WithKeepAliveInterval(options.KeepAliveInterval);
        if (options.LoggerFactory is { } loggerFactory) builder.Services.AddSingleton(loggerFactory);
        if (options.Protocol == HubProtocol.MessagePack)
            builder.AddMessagePackProtocol(o => o.SerializerOptions = SentinelaWireFormat.MessagePackOptions);
        else
            builder.AddJsonProtocol(o => o.PayloadSerializerOptions = SentinelaWireFormat.JsonOptions);
        return builder.Build();
    }

    /// <summary>One connection attempt; false (logged, and reported as <see cref="ClientConnectionState.Reconnecting"/>) if it failed.</summary>
    async Task<bool> TryStartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _connection.StartAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            ClientLog.ConnectFailed(_logger, _hubUrl, e);
            SetState(ClientConnectionState.Reconnecting, e);
            return false;
        }
    }

    /// <summary>Reconnects on the schedule after SignalR's own reconnect ended, until a connection outlives its restore.</summary>
    async Task ReconnectLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            for (var retry = 0; ; retry++)
            {
                lock (_loopGate) _closedDuringLoop = false;
                await Task.Delay(NextDelay(retry), cancellationToken);
                if (!await TryStartAsync(cancellationToken)) continue;
                await OnConnectedAsync();
                lock (_loopGate)
                {
                    if (!_closedDuringLoop)
                    {
                        _loopRunning = false;
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            lock (_loopGate) _loopRunning = false;
        }
    }

    /// <summary>After every (re)connection: re-subscribe the remembered areas, then resume from the last sequence.</summary>
    async Task OnConnectedAsync()
    {
        Interlocked.Increment(ref _generation);
        // The new connection resumes after LastSequence; an event whose handler threw before it is not resent any more.
        lock (_seenGate) _unhandled.Clear();
        SetState(ClientConnectionState.Connected);
        try
        {
            await RestoreAsync(_disposing.Token);
        }
        catch (Exception e) when (!_disposing.IsCancellationRequested)
        {
            ClientLog.RestoreFailed(_logger, e);
        }
    }

    async Task RestoreAsync(CancellationToken cancellationToken)
    {
        await _areasGate.WaitAsync(cancellationToken);
        try
        {
            var generation = Volatile.Read(ref _generation);
            Subscription[] stale;
            lock (_subscriptions) stale = [.. _subscriptions.Where(s => s.Generation != generation)];
            if (stale.Length > 0) Volatile.Write(ref _holdingLive, 1);
            foreach (var subscription in stale)
            {
                try
                {
                    // Asking for the same id keeps the app's handle valid; a server that assigns its own is followed.
                    var granted = await _connection.InvokeAsync<WatchArea>(
                        "Subscribe", subscription.Requested with { Id = subscription.Id }, cancellationToken);
                    subscription.ServerId = granted.Id ?? subscription.Id;
                    subscription.Generation = generation;
                }
                catch (HubException e)
                {
                    ClientLog.ResubscribeRefused(_logger, subscription.Id, e);
                }
            }
            bool any;
            lock (_subscriptions) any = _subscriptions.Count > 0;
            if (any) await ResumeAsync(cancellationToken);
            else await ReleaseHeldLiveAsync();
        }
        finally
        {
            _areasGate.Release();
        }
    }

    /// <summary>Asks the server to replay what this connection's areas missed since <see cref="LastSequence"/>.</summary>
    async Task ResumeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReplayAsync(cancellationToken);
        }
        finally
        {
            await ReleaseHeldLiveAsync();
        }
    }

    /// <summary>Hands over the live events held during a resume, in sequence order, then lets live events through again.</summary>
    async Task ReleaseHeldLiveAsync()
    {
        while (true)
        {
            AlertEvent[] batch;
            lock (_heldLive)
            {
                if (_heldLive.Count == 0)
                {
                    Volatile.Write(ref _holdingLive, 0);
                    return;
                }
                batch = [.. _heldLive.OrderBy(e => e.Sequence)];
                _heldLive.Clear();
            }
            foreach (var e in batch) await ProcessAsync(e);
        }
    }

    async Task ReplayAsync(CancellationToken cancellationToken)
    {
        var resumed = new TaskCompletionSource<ResumeResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _pendingResume, resumed);
        ResumeResult returned;
        try
        {
            returned = await _connection.InvokeAsync<ResumeResult>("Resume", LastSequence, cancellationToken);
        }
        catch
        {
            Interlocked.CompareExchange(ref _pendingResume, null, resumed);
            throw;
        }
        // The server sends "resumed" after the replayed events, through the same ordered handler loop, and that is where
        // the result is handled, so ResumeCompleted follows the replayed AlertReceived. The invocation's own result can
        // overtake that loop; it is the fallback for a server that does not send the message.
        await Task.WhenAny(resumed.Task, Task.Delay(ResumedMessageGrace, cancellationToken));
        if (Interlocked.CompareExchange(ref _pendingResume, null, resumed) == resumed) HandleResume(returned);
    }

    void OnResumed(ResumeResult result)
    {
        var pending = Interlocked.Exchange(ref _pendingResume, null);
        if (pending is null) return; // already handled from the invocation's result
        HandleResume(result);
        pending.TrySetResult(result);
    }

    void HandleResume(ResumeResult result)
    {
        if (result.ReloadRequired) AdvanceTo(result.LastSequence);
        Raise(ResumeCompleted, result, nameof(ResumeCompleted));
        if (result.ReloadRequired) Raise(ReloadRequired, result, nameof(ReloadRequired));
    }

    Task OnAlertAsync(AlertEvent alertEvent)
    {
        if (alertEvent is { Replayed: false })
        {
            lock (_heldLive)
            {
                if (Volatile.Read(ref _holdingLive) != 0)
                {
                    _heldLive.Add(alertEvent);
                    return Task.CompletedTask;
                }
            }
        }
        return ProcessAsync(alertEvent);
    }

    async Task ProcessAsync(AlertEvent alertEvent)
    {
        if (alertEvent?.Alert is not { } alert)
        {
            ClientLog.EmptyAlertEvent(_logger);
            return;
        }
        bool seen;
        lock (_seenGate) seen = _recent.Contains(alert.Id, alert.Version);
        if (!seen)
        {
            try
            {
                AlertReceived?.Invoke(alertEvent);
            }
            catch (Exception e)
            {
                ClientLog.AlertHandlerFailed(_logger, alert.Id, alert.Version, e);
                lock (_seenGate) _unhandled.Add(alertEvent.Sequence);
                return;
            }
        }
        lock (_seenGate)
        {
            _recent.TryAdd(alert.Id, alert.Version);
            _unhandled.Remove(alertEvent.Sequence);
        }
        AdvanceTo(alertEvent.Sequence);
        // Duplicates too: the resend means the server has not recorded the earlier ack.
        if (_options.AutoAck) await ScheduleAckAsync();
    }

    /// <summary>The highest sequence the server may consider processed: below any event whose handler threw.</summary>
    long AckableSequence()
    {
        lock (_seenGate) return _unhandled.Count > 0 ? Math.Min(_lastSequence, _unhandled.Min - 1) : _lastSequence;
    }

    /// <summary>
    /// Sends AckUpTo now if none went out in the last AckInterval, else once that interval has passed; events processed
    /// meanwhile ride on that one ack. Never blocks the handler loop.
    /// </summary>
    Task ScheduleAckAsync()
    {
        TimeSpan wait;
        lock (_ackGate)
        {
            if (_ackScheduled) return Task.CompletedTask;
            _ackScheduled = true;
            wait = _options.AckInterval - Stopwatch.GetElapsedTime(_lastAckAt);
        }
        if (wait <= TimeSpan.Zero) return SendAckAsync();
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(wait, _disposing.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await SendAckAsync();
        });
        return Task.CompletedTask;
    }

    async Task SendAckAsync()
    {
        lock (_ackGate)
        {
            _ackScheduled = false;
            _lastAckAt = Stopwatch.GetTimestamp();
        }
        var upTo = AckableSequence();
        if (upTo <= 0) return;
        try
        {
            await AckAsync(upTo, _disposing.Token);
        }
        catch (Exception e)
        {
            ClientLog.AckFailed(_logger, upTo, e);
        }
    }

    /// <summary>
    /// The first attempt after a server's reconnect request waits a random part of the window it gave (so the clients of
    /// a draining instance do not arrive elsewhere all at once); later attempts, and other drops, follow the schedule.
    /// </summary>
    TimeSpan NextDelay(int attempt)
    {
        var requested = Interlocked.Exchange(ref _requestedDelayTicks, -1);
        return attempt == 0 && requested >= 0 ? TimeSpan.FromTicks(requested) : _schedule.DelayFor(attempt);
    }

    void OnReconnectRequested(ReconnectRequest request)
    {
        var delay = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Max(0, request.WithinMilliseconds));
        Interlocked.Exchange(ref _requestedDelayTicks, delay.Ticks);
        ClientLog.ReconnectRequested(_logger, request.Reason, delay);
        Raise(ReconnectRequested, request, nameof(ReconnectRequested));
    }

    void OnHeartbeat(Heartbeat heartbeat) => Raise(HeartbeatReceived, heartbeat, nameof(HeartbeatReceived));

    Task OnClosed(Exception? error)
    {
        if (Volatile.Read(ref _disposed) != 0) return Task.CompletedTask;
        // SignalR's reconnect gave up (or the server closed without allowing one): keep trying on the same schedule.
        SetState(ClientConnectionState.Reconnecting, error);
        lock (_loopGate)
        {
            _closedDuringLoop = true;
            if (!_loopRunning)
            {
                _loopRunning = true;
                _reconnectLoop = Task.Run(() => ReconnectLoopAsync(_disposing.Token));
            }
        }
        return Task.CompletedTask;
    }

    void AdvanceTo(long sequence)
    {
        lock (_seenGate)
        {
            if (sequence > _lastSequence) Interlocked.Exchange(ref _lastSequence, sequence);
        }
    }

    void SetState(ClientConnectionState state, Exception? error = null)
    {
        var previous = (ClientConnectionState)Interlocked.Exchange(ref _state, (int)state);
        if (state == ClientConnectionState.Connected && previous != state)
            Interlocked.Exchange(ref _connectedAgain, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        if (previous != state || error is not null) Raise(StateChanged, new ClientStateChange(state, error), nameof(StateChanged));
    }

    void Raise<T>(Action<T>? handlers, T value, string name)
    {
        try
        {
            handlers?.Invoke(value);
        }
        catch (Exception e)
        {
            ClientLog.HandlerFailed(_logger, name, e);
        }
    }

    /// <summary>SignalR's automatic reconnect on the client's delays (a server's request first, then the schedule).</summary>
    sealed class RetryPolicy(SentinelaAlertClient client) : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) => client.NextDelay((int)Math.Min(retryContext.PreviousRetryCount, int.MaxValue));
    }

    sealed class Subscription(string id, WatchArea requested)
    {
        /// <summary>The id the app knows the area by.</summary>
        public string Id { get; } = id;
        public WatchArea Requested { get; } = requested;
        /// <summary>The id on the current connection; the same as <see cref="Id"/> unless the server chose another.</summary>
        public string ServerId { get; set; } = id;
        /// <summary>The connection generation the area was last subscribed on.</summary>
        public int Generation { get; set; }
    }
}

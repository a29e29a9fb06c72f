using System.Diagnostics.Metrics;
using Sentinela.Server.Delivery;

namespace Sentinela.Server.Observability;

/// <summary>
/// The last minute on this instance, for the dashboard and /health/realtime: HTTP requests and their average duration
/// (ASP.NET Core's own http.server.request.duration), the share of alert-list requests a client's cached copy answered
/// (304 Not Modified: the ETag still matched), and the average alert delivery latency. Listens only to the
/// instruments of this host's <see cref="IMeterFactory"/>, so two servers in one process (tests) keep their own numbers.
/// </summary>
public sealed class RealtimeStatistics : IDisposable
{
    const int Seconds = 60;
    const string RequestDuration = "http.server.request.duration";
    const string AlertListRoute = "/api/alerts/";

    readonly MeterListener _listener = new();
    readonly TimeProvider _clock;
    readonly Lock _gate = new();
    readonly Window _requests = new(), _deliveries = new(), _alertListHits = new();

    public RealtimeStatistics(IMeterFactory meters, TimeProvider clock)
    {
        _clock = clock;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name is RequestDuration or DeliveryMetrics.LatencyName)
                listener.EnableMeasurementEvents(instrument, instrument.Name == RequestDuration ? _requests : _deliveries);
        };
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) =>
        {
            Add((Window)state!, value);
            if (state == _requests && IsAlertList(tags, out var notModified)) Add(_alertListHits, notModified ? 1 : 0);
        });
        _listener.Start();
    }

    /// <summary>Requests in the last minute and their average duration.</summary>
    public (long Count, TimeSpan? Average) Requests => Read(_requests);

    /// <summary>Share of alert-list requests in the last minute answered 304 (a cache hit); null when there were none.</summary>
    public double? AlertListCacheHitRate
    {
        get
        {
            var now = _clock.GetUtcNow().ToUnixTimeSeconds();
            lock (_gate)
            {
                var (count, hits) = _alertListHits.Sum(now);
                return count == 0 ? null : hits / count;
            }
        }
    }

    /// <summary>Acknowledged alert events in the last minute and their average latency from the hemogram's arrival.</summary>
    public (long Count, TimeSpan? Average) Deliveries => Read(_deliveries);

    static bool IsAlertList(ReadOnlySpan<KeyValuePair<string, object?>> tags, out bool notModified)
    {
        var (list, status) = (false, 0);
        foreach (var tag in tags)
            if (tag.Key == "http.route") list = tag.Value as string == AlertListRoute;
            else if (tag.Key == "http.response.status_code" && tag.Value is int code) status = code;
        notModified = status == StatusCodes.Status304NotModified;
        return list;
    }

    void Add(Window window, double seconds)
    {
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        lock (_gate) window.Add(now, seconds);
    }

    (long, TimeSpan?) Read(Window window)
    {
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        lock (_gate)
        {
            var (count, sum) = window.Sum(now);
            return (count, count == 0 ? null : TimeSpan.FromSeconds(sum / count));
        }
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>One bucket per second of the last minute: count and sum, reused as the clock goes round.</summary>
    sealed class Window
    {
        readonly long[] _second = new long[Seconds], _count = new long[Seconds];
        readonly double[] _sum = new double[Seconds];

        public void Add(long now, double value)
        {
            var i = (int)(now % Seconds);
            if (_second[i] != now) (_second[i], _count[i], _sum[i]) = (now, 0, 0);
            _count[i]++;
            _sum[i] += value;
        }

        public (long Count, double Sum) Sum(long now)
        {
            var (count, sum) = (0L, 0.0);
            for (var i = 0; i < Seconds; i++)
                if (now - _second[i] < Seconds) (count, sum) = (count + _count[i], sum + _sum[i]);
            return (count, sum);
        }
    }
}

using System.Diagnostics.Metrics;
using Sentinela.Server.Storage;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace Sentinela.Server.Observability;

/// <summary>
/// sentinela.redis.command.duration{command}: how long each Redis command took, from its creation to its parsed reply,
/// read from StackExchange.Redis's own profiler. The profiler rather than timers at our call sites: it sees every command
/// of the process's one multiplexer (bus, presence, limits, shared analysis, tokens) without code in those features, and
/// times each command of a pipelined batch on its own. (OpenTelemetry's StackExchange.Redis instrumentation does the
/// same from the same API, but is not a package we can use here.) One session for the whole process, drained every second.
/// </summary>
public sealed class RedisCommandMetrics : BackgroundService
{
    static readonly TimeSpan DrainInterval = TimeSpan.FromSeconds(1);

    readonly ProfilingSession _session = new();
    readonly Histogram<double> _duration;

    public RedisCommandMetrics(IConnectionMultiplexer redis, IMeterFactory meters)
    {
        _duration = meters.Create(StorageTracing.Name).CreateHistogram<double>("sentinela.redis.command.duration", "s",
            "Duration of one Redis command, from its creation to its parsed reply, by command.",
            advice: new() { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });
        redis.RegisterProfiler(() => _session);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(DrainInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) Drain();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        Drain();
    }

    void Drain()
    {
        foreach (var command in _session.FinishProfiling())
            _duration.Record(command.ElapsedTime.TotalSeconds, new KeyValuePair<string, object?>("command", command.Command));
    }
}

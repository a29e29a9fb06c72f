using System.Net;
using System.Threading.Channels;
using Sentinela.Simulator.Generation;

namespace Sentinela.Simulator.Traffic;

/// <summary>
/// Posts generated hemograms to the server's FHIR API on a fixed schedule (hemogram i is due at i / rate seconds),
/// through a bounded channel drained by <see cref="TrafficOptions.Concurrency"/> senders. When the server is slower
/// than the schedule the channel fills and generation waits, so the measured rate shows what the server sustains.
/// </summary>
/// <param name="http">Client whose <see cref="HttpClient.BaseAddress"/> is the server root (ending in '/'), with any auth header set.</param>
public sealed class TrafficRunner(HttpClient http, HemogramGenerator generator, TrafficOptions options, TimeProvider? timeProvider = null)
{
    const int ErrorBodyPreview = 300;

    readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public TrafficCounters Counters { get; } = new();

    /// <summary>
    /// Runs until the duration or count is reached or <paramref name="stop"/> fires; then lets queued requests finish
    /// (up to <see cref="TrafficOptions.DrainTimeout"/>) and returns the totals.
    /// </summary>
    public async Task<TrafficSnapshot> RunAsync(Action<TrafficSnapshot>? onProgress, CancellationToken stop)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.BundleSize);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Rate);

        var started = _time.GetTimestamp();
        var channel = Channel.CreateBounded<GeneratedHemogram[]>(
            new BoundedChannelOptions(options.Concurrency) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

        using var abandon = new CancellationTokenSource();
        await using var drainDeadline = stop.Register(() => abandon.CancelAfter(options.DrainTimeout));
        var senders = Enumerable.Range(0, options.Concurrency).Select(_ => SendAllAsync(channel.Reader, abandon.Token)).ToArray();

        using var stopProgress = new CancellationTokenSource();
        var progress = onProgress is null ? Task.CompletedTask : ReportAsync(onProgress, started, stopProgress.Token);

        try
        {
            await ProduceAsync(channel.Writer, started, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl+C: stop generating, let the queue drain.
        }
        finally
        {
            channel.Writer.TryComplete();
        }

        await Task.WhenAll(senders);
        await stopProgress.CancelAsync();
        await progress;
        return Counters.Snapshot(_time.GetElapsedTime(started));
    }

    async Task ProduceAsync(ChannelWriter<GeneratedHemogram[]> writer, long started, CancellationToken stop)
    {
        var batchSize = Math.Max(1, options.BundleSize);
        var batch = new List<GeneratedHemogram>(batchSize);
        for (long i = 0; options.Count is not { } count || i < count; i++)
        {
            // Scheduled rather than measured time drives the generator, so a rerun with the same seed is identical.
            var due = options.Rate > 0 ? TimeSpan.FromSeconds(i / options.Rate) : _time.GetElapsedTime(started);
            if (options.Duration is { } duration && due >= duration) break;

            var wait = due - _time.GetElapsedTime(started);
            if (wait > TimeSpan.Zero) await Task.Delay(wait, _time, stop);
            stop.ThrowIfCancellationRequested();

            batch.Add(generator.Next(due, _time.GetUtcNow()));
            if (batch.Count < batchSize) continue;
            await writer.WriteAsync([.. batch], stop);
            batch.Clear();
        }
        if (batch.Count > 0) await writer.WriteAsync([.. batch], stop);
    }

    async Task SendAllAsync(ChannelReader<GeneratedHemogram[]> reader, CancellationToken abandon)
    {
        // Yield first so the senders start on the thread pool, not inline in RunAsync.
        await Task.Yield();
        try
        {
            await foreach (var batch in reader.ReadAllAsync(abandon))
                await SendAsync(batch, abandon);
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested)
        {
            // Drain timeout after a stop request: what is still queued is dropped.
        }
    }

    async Task SendAsync(GeneratedHemogram[] batch, CancellationToken abandon)
    {
        var asBundle = options.BundleSize > 0;
        using var request = new HttpRequestMessage(HttpMethod.Post, asBundle ? "fhir" : "fhir/Observation")
        {
            Content = asBundle ? FhirContent.Batch(batch) : FhirContent.Observation(batch[0]),
        };
        request.Headers.Accept.ParseAdd(FhirContent.MediaType);

        Counters.RecordRequest();
        try
        {
            using var response = await http.SendAsync(request, abandon);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(abandon);
            if (asBundle && response.StatusCode == HttpStatusCode.OK)
                RecordBatchOutcome(batch.Length, body);
            else
                Counters.RecordStatus(status, batch.Length);

            if (status >= 400)
                Counters.RecordError($"{request.Method} {request.RequestUri} → {status} {response.ReasonPhrase}: {Preview(body)}");
        }
        catch (HttpRequestException e)
        {
            Counters.RecordFailure(batch.Length, $"{request.Method} {request.RequestUri}: {e.Message}");
        }
        catch (TaskCanceledException e) when (!abandon.IsCancellationRequested)
        {
            Counters.RecordFailure(batch.Length, $"{request.Method} {request.RequestUri}: timed out ({e.Message})");
        }
        finally
        {
            Counters.RecordRequestEnded();
        }
    }

    // A batch answers 200 as a whole; each entry carries its own status.
    void RecordBatchOutcome(int hemograms, string body)
    {
        var statuses = BatchResponse.EntryStatuses(body);
        foreach (var status in statuses.Take(hemograms)) Counters.RecordStatus(status);
        if (statuses.Count < hemograms)
        {
            Counters.RecordStatus(0, hemograms - statuses.Count);
            Counters.RecordError($"batch-response has {statuses.Count} entries for {hemograms} hemograms: {Preview(body)}");
        }
    }

    async Task ReportAsync(Action<TrafficSnapshot> onProgress, long started, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(options.ProgressInterval, _time);
        // A first line at once: the operator sees the counters from second 0, not after a silent interval.
        onProgress(Counters.Snapshot(_time.GetElapsedTime(started)));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
                onProgress(Counters.Snapshot(_time.GetElapsedTime(started)));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    static string Preview(string body)
    {
        var flat = body.ReplaceLineEndings(" ");
        return flat.Length <= ErrorBodyPreview ? flat : flat[..ErrorBodyPreview] + "…";
    }
}

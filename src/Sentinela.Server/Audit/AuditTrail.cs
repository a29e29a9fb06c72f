using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Sentinela.Server.Identity;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Audit;

/// <summary>
/// Records audit events without holding up the request: events queue in a channel and a background writer appends them
/// in batches (one transaction each), draining the queue on shutdown.
/// </summary>
public sealed class AuditTrail(IAuditStore store, TimeProvider time, ILogger<AuditTrail> logger) : BackgroundService
{
    readonly Channel<AuditEvent> _queue = Channel.CreateUnbounded<AuditEvent>(new UnboundedChannelOptions { SingleReader = true });
    static readonly TimeSpan MaxRetryWait = TimeSpan.FromSeconds(30);
    int _pending;

    public void Record(string action, HttpContext context, string? target = null, string? detail = null) =>
        Record(action, context.User.SubjectOf(), context.User.RoleOf()?.ClaimValue(), context.Connection.RemoteIpAddress?.ToString(), target, detail);

    public void Record(string action, string? actor, string? actorRole, string? ip, string? target = null, string? detail = null)
    {
        Interlocked.Increment(ref _pending);
        _queue.Writer.TryWrite(new AuditEvent(time.GetUtcNow(), action, actor, actorRole, ip, target, detail));
    }

    /// <summary>Waits until everything recorded so far is stored (tests, shutdown).</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        while (Volatile.Read(ref _pending) > 0) await Task.Delay(5, ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditEvent>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
                await WriteAvailableAsync(batch, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            do await WriteAvailableAsync(batch, stoppingToken);
            while (batch.Count > 0);
        }
    }

    /// <summary>Writes the next batch; while the database is down, retries it with backoff instead of losing it (until stopping).</summary>
    async Task WriteAvailableAsync(List<AuditEvent> batch, CancellationToken stopping)
    {
        batch.Clear();
        while (batch.Count < 500 && _queue.Reader.TryRead(out var e)) batch.Add(e);
        if (batch.Count == 0) return;
        try
        {
            for (var wait = TimeSpan.FromSeconds(1); ; wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, MaxRetryWait.Ticks)))
            {
                try
                {
                    await store.AppendAsync(batch, CancellationToken.None);
                    return;
                }
                catch (Exception e) when (StorageOutage.Is(e) && !stopping.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Audit store unavailable; retrying {Count} events in {Wait}", batch.Count, wait);
                    // WhenAny: stopping ends the wait without throwing, and the batch gets one last attempt.
                    await Task.WhenAny(Task.Delay(wait, stopping));
                }
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not store {Count} audit events", batch.Count);
        }
        finally
        {
            Interlocked.Add(ref _pending, -batch.Count);
        }
    }
}

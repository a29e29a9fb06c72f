using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;

namespace Sentinela.Server.Delivery;

/// <summary>
/// Outermost hub filter: every refusal (a <see cref="HubException"/> from a limit, the jurisdiction check, an invalid
/// watch area, an expired token) is logged here at Information, one line without a stack trace, at most
/// <see cref="LinesPerMinute"/> lines a minute per instance; the next line says how many were left out. A client in a
/// loop would otherwise write a line per call. SignalR's own Error entry for the same exception is dropped by
/// <see cref="HubRefusalSampler"/>; anything else a hub method throws stays an Error.
/// </summary>
public sealed partial class HubRefusalLog(ILogger<HubRefusalLog> logger) : IHubFilter, IDisposable
{
    public const int LinesPerMinute = 20;

    readonly TokenBucketRateLimiter _lines = new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = LinesPerMinute,
        TokensPerPeriod = LinesPerMinute,
        ReplenishmentPeriod = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    });
    long _suppressed;

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocation);
        }
        catch (HubException e)
        {
            Refused(invocation.HubMethodName, invocation.Context, e);
            throw;
        }
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        try
        {
            await next(context);
        }
        catch (HubException e)
        {
            Refused("connect", context.Context, e);
            throw;
        }
    }

    void Refused(string method, HubCallerContext caller, HubException e)
    {
        using var line = _lines.AttemptAcquire();
        if (!line.IsAcquired)
        {
            Interlocked.Increment(ref _suppressed);
            return;
        }
        Refusal(logger, method, caller.ConnectionId, caller.UserIdentifier, e.Message, Interlocked.Exchange(ref _suppressed, 0));
    }

    public void Dispose() => _lines.Dispose();

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information,
        Message = "Hub call {Method} refused on connection {ConnectionId} of user {UserId}: {Reason} ({Suppressed} earlier refusals not logged)")]
    static partial void Refusal(ILogger logger, string method, string connectionId, string? userId, string reason, long suppressed);
}

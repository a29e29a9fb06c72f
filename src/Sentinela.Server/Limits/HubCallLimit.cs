using System.Runtime.CompilerServices;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Sentinela.Server.Limits;

/// <summary>
/// Calls per minute per hub connection (Subscribe, Ack, Resume…): a client in a loop gets a HubException for the
/// calls over its allowance instead of taking the server's time. Acks of a busy outbreak are a few per minute, so the
/// default leaves honest clients far from it.
/// </summary>
public sealed class HubCallLimit(IOptions<LimitsOptions> options, LimitsMetrics metrics) : IHubFilter
{
    // One limiter per live connection, dropped with it.
    readonly ConditionalWeakTable<HubCallerContext, RateLimiter> _limiters = new();

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var limiter = _limiters.GetValue(invocation.Context, _ => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.HubCallsPerMinute,
            TokensPerPeriod = options.Value.HubCallsPerMinute,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));
        using var lease = limiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            metrics.Rejected(LimitsMetrics.HubCall);
            throw new HubException($"At most {options.Value.HubCallsPerMinute} calls per minute per connection.");
        }
        return await next(invocation);
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        if (_limiters.TryGetValue(context.Context, out var limiter))
        {
            _limiters.Remove(context.Context);
            limiter.Dispose();
        }
        return next(context, exception);
    }
}

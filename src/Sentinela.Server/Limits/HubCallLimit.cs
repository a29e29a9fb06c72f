using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Sentinela.Server.Limits;

/// <summary>
/// Calls per minute per hub connection (Subscribe, AckUpTo, Resume…): a client in a loop gets a HubException for the
/// calls over its allowance instead of taking the server's time. Clients ack at most a few times a second, so the default
/// leaves honest clients far from it. A token bucket per connection, kept in the connection's items and refilled from
/// the clock on use: no allocation and no lock per call.
/// </summary>
public sealed class HubCallLimit(IOptions<LimitsOptions> options, LimitsMetrics metrics) : IHubFilter
{
    static readonly object BucketKey = new();

    public Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        context.Context.Items[BucketKey] = new Bucket(options.Value.HubCallsPerMinute);
        return next(context);
    }

    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocation.Context.Items.TryGetValue(BucketKey, out var found) && found is Bucket bucket && !bucket.TryTake())
        {
            metrics.Rejected(LimitsMetrics.HubCall);
            throw new HubException($"At most {options.Value.HubCallsPerMinute} calls per minute per connection.");
        }
        return next(invocation);
    }

    /// <summary>Holds up to a minute's calls and refills continuously. Calls on one connection run one at a time.</summary>
    sealed class Bucket(int perMinute)
    {
        readonly double _perTick = perMinute / (60.0 * Stopwatch.Frequency);
        double _tokens = perMinute;
        long _at = Stopwatch.GetTimestamp();

        public bool TryTake()
        {
            var now = Stopwatch.GetTimestamp();
            _tokens = Math.Min(perMinute, _tokens + (now - _at) * _perTick);
            _at = now;
            if (_tokens < 1) return false;
            _tokens--;
            return true;
        }
    }
}

using Microsoft.AspNetCore.SignalR;

namespace Sentinela.Server.Identity;

/// <summary>
/// Refuses hub calls once the connection's access token has expired. SignalR authenticates a connection only when it
/// opens, and its own expiry check (CloseOnAuthenticationExpiration) runs on a timer, so a call can slip in between.
/// The expiry is read from the token once per connection; each call compares two numbers.
/// </summary>
public sealed class ExpiredTokenHubFilter(TimeProvider time) : IHubFilter
{
    static readonly object ExpiryKey = new();

    public Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        context.Context.Items[ExpiryKey] = AccessTokens.ExpiryOf(context.Context.User!) is { } expiry ? expiry.UtcTicks : long.MaxValue;
        return next(context);
    }

    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var expiry = invocation.Context.Items.TryGetValue(ExpiryKey, out var ticks) && ticks is long t ? t : long.MaxValue;
        if (expiry <= time.GetUtcNow().UtcTicks) throw new HubException("Access token expired; reconnect with a fresh one.");
        return next(invocation);
    }
}

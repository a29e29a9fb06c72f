using Microsoft.AspNetCore.SignalR;

namespace Sentinela.Server.Identity;

/// <summary>
/// Refuses hub calls once the connection's access token has expired. SignalR authenticates a connection only when it
/// opens, and its own expiry check (CloseOnAuthenticationExpiration) runs on a timer, so a call can slip in between.
/// </summary>
public sealed class ExpiredTokenHubFilter(TimeProvider time) : IHubFilter
{
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (AccessTokens.ExpiryOf(invocation.Context.User!) is { } expiry && expiry <= time.GetUtcNow())
            throw new HubException("Access token expired; reconnect with a fresh one.");
        return next(invocation);
    }
}

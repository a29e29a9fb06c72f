using Microsoft.AspNetCore.SignalR;
using Sentinela.Server.Observability;

namespace Sentinela.Server.Delivery;

/// <summary>
/// Outermost hub filter: every refusal (a <see cref="HubException"/> from a limit, the jurisdiction check, an invalid
/// watch area, an expired token) goes to the <see cref="RefusalLog"/>: one Information line without a stack trace,
/// rate-limited. SignalR's own Error entry for the same exception is dropped by <see cref="HubRefusalSampler"/>; anything
/// else a hub method throws stays an Error.
/// </summary>
public sealed class HubRefusalLog(RefusalLog refusals) : IHubFilter
{
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

    void Refused(string method, HubCallerContext caller, HubException e) =>
        refusals.Refused($"hub call {method} on connection {caller.ConnectionId} of user {caller.UserIdentifier}", e.Message);
}

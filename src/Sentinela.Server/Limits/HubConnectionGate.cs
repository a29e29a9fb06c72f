using System.Net;
using Sentinela.Server.Identity;

namespace Sentinela.Server.Limits;

/// <summary>
/// Refuses a new real-time connection at its first HTTP request (negotiate, or the WebSocket upgrade of a client that
/// skips negotiation) with 429 or 503, while the client can still read a status code.
/// </summary>
public sealed class HubConnectionGate(ConnectionLimits limits) : IMiddleware
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var opensConnection = context.Request.Path.Value!.EndsWith("/negotiate", StringComparison.Ordinal) || !context.Request.Query.ContainsKey("id");
        if (opensConnection && context.User.SubjectOf() is { } user
            && await limits.CheckAsync(user, context.Connection.RemoteIpAddress ?? IPAddress.None, context.RequestAborted) is { } refusal)
        {
            await LimitProblem.WriteAsync(context, LimitsMetrics.Connection, refusal.Status, refusal.Reason, TimeSpan.FromSeconds(30));
            return;
        }
        await next(context);
    }
}

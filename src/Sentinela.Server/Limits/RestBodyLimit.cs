using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Sentinela.Server.Limits;

/// <summary>
/// 413 with problem details for a REST body over the limit, before anything reads it: a declared length is checked at
/// once, and the server stops reading an undeclared (chunked) one at the limit.
/// </summary>
public sealed class RestBodyLimit(IOptions<LimitsOptions> options, LimitsMetrics metrics) : IMiddleware
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var max = options.Value.MaxRestBodyBytes;
        if (context.Request.ContentLength > max)
        {
            metrics.Rejected(LimitsMetrics.RestBody);
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = 413, Title = "Request body too large", Detail = $"REST bodies are limited to {max} bytes." },
            });
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = max;
        await next(context);
    }
}

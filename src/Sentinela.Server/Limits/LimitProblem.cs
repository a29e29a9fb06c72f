namespace Sentinela.Server.Limits;

/// <summary>The problem-details answer of every limit: 429 for a client over its share, 503 when the server is full.</summary>
static class LimitProblem
{
    /// <param name="limit">Which limit refused, for <see cref="LimitsMetrics"/>.</param>
    public static async Task WriteAsync(HttpContext context, string limit, int status, string detail, TimeSpan retryAfter)
    {
        context.RequestServices.GetRequiredService<LimitsMetrics>().Rejected(limit);
        context.Response.StatusCode = status;
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds))).ToString();
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = status == 429 ? "Too many requests" : "Server at capacity", Detail = detail },
        });
    }
}

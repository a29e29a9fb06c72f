using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Sentinela.Server.Push;

/// <summary>Reading provider answers without trusting them: a body that does not parse is null, not an exception.</summary>
internal static class ProviderResponse
{
    public static async Task<T?> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken ct) where T : class
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(type, ct);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Retry-After as seconds or an HTTP date; null when absent or in the past.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider clock) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } when date > clock.GetUtcNow() => date - clock.GetUtcNow(),
        _ => null,
    };

    /// <summary>Rate limiting and server trouble are worth retrying; other statuses are answers.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}

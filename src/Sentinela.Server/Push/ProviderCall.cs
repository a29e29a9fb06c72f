using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Sentinela.Server.Push;

/// <summary>One request through a provider's breaker: either the response, or why there is none.</summary>
internal readonly record struct ProviderCall(HttpResponseMessage? Response, string? FailureReason, TimeSpan? RetryAfter, bool Unavailable, string Provider)
{
    /// <summary>What a target gets when the whole request failed: retryable, and marked unavailable when the breaker refused.</summary>
    public PushOutcome Failure(PushTarget target) => Unavailable
        ? PushOutcome.Unavailable(target, Provider, RetryAfter)
        : PushOutcome.Retryable(target, FailureReason ?? "provider-error", RetryAfter);

    public static async Task<ProviderCall> SendAsync(ProviderCircuit circuit, HttpClient client, Func<HttpRequestMessage> request, CancellationToken ct)
    {
        try
        {
            return new(await circuit.SendAsync(client, request, ct), null, null, false, circuit.Provider);
        }
        catch (BrokenCircuitException e)
        {
            return new(null, null, e.RetryAfter, true, circuit.Provider);
        }
        catch (TimeoutRejectedException)
        {
            return new(null, $"{circuit.Provider}-timeout", null, false, circuit.Provider);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return new(null, $"{circuit.Provider}-unreachable", null, false, circuit.Provider);
        }
    }
}

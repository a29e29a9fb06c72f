using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Sentinela.Server.Push;

/// <summary>
/// One provider's Polly pipeline: a circuit breaker around a call timeout, so a slow call counts as a failure. A failure
/// is a whole request that failed (connection refused, timeout, 5xx); per-token answers such as a dead token are not.
/// </summary>
/// <remarks>
/// Polly v8 has no count-of-consecutive-failures breaker; a failure ratio of 1 with a minimum throughput of N opens it
/// once N calls inside the sampling window all failed, which is N consecutive failures with no success between them.
/// After the break, Polly's half-open state admits one probe call and closes on its success. The only thing added here
/// is reporting: after that close the state reads <see cref="BreakerState.HalfOpen"/> until
/// <see cref="PushBreakerOptions.SuccessesToClose"/> successes (the probe included) have been seen; calls flow meanwhile.
/// </remarks>
public sealed class ProviderCircuit
{
    readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    readonly CircuitBreakerStateProvider _polly = new();
    readonly int _successesToClose;
    int _successesStillNeeded;

    public ProviderCircuit(string provider, PushBreakerOptions options, TimeProvider clock)
    {
        Provider = provider;
        _successesToClose = options.SuccessesToClose;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = 1.0,
                MinimumThroughput = options.ConsecutiveFailures,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                StateProvider = _polly,
                ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome)),
                OnOpened = _ => { Volatile.Write(ref _successesStillNeeded, _successesToClose); return ValueTask.CompletedTask; },
            })
            .AddTimeout(options.CallTimeout)
            .Build();
    }

    /// <summary>"expo", "fcm" or "apns": names the breaker in reasons, logs and metrics.</summary>
    public string Provider { get; }

    public BreakerState State => _polly.CircuitState switch
    {
        CircuitState.Closed when Volatile.Read(ref _successesStillNeeded) > 0 => BreakerState.HalfOpen,
        CircuitState.Closed => BreakerState.Closed,
        CircuitState.HalfOpen => BreakerState.HalfOpen,
        _ => BreakerState.Open,
    };

    /// <summary>
    /// Sends a request built by <paramref name="request"/> (a fresh one per call: a request message cannot be sent twice)
    /// through the breaker. Throws <see cref="BrokenCircuitException"/> when open, <see cref="TimeoutRejectedException"/>
    /// on timeout and <see cref="HttpRequestException"/> when the provider cannot be reached.
    /// </summary>
    public Task<HttpResponseMessage> SendAsync(HttpClient client, Func<HttpRequestMessage> request, CancellationToken ct) =>
        ExecuteAsync(async token =>
        {
            using var message = request();
            // Buffers the body inside the timeout, so a provider that stalls mid-body is also a slow call.
            return await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, token);
        }, ct);

    /// <summary>
    /// Runs <paramref name="send"/> through the breaker, for a caller below HttpClient (a message handler); the same
    /// exceptions as <see cref="SendAsync"/>. <paramref name="send"/> should read the body before returning.
    /// </summary>
    public async Task<HttpResponseMessage> ExecuteAsync(Func<CancellationToken, Task<HttpResponseMessage>> send, CancellationToken ct)
    {
        var response = await _pipeline.ExecuteAsync(static async (send, token) => await send(token), send, ct);
        if (!IsFailure(Outcome.FromResult(response)) && Volatile.Read(ref _successesStillNeeded) > 0)
            Interlocked.Decrement(ref _successesStillNeeded);
        return response;
    }

    static bool IsFailure(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException or IOException } => true,
        { Result.StatusCode: >= HttpStatusCode.InternalServerError } => true,
        _ => false,
    };
}

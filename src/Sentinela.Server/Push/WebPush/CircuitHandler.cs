namespace Sentinela.Server.Push.WebPush;

/// <summary>
/// Puts the breaker under the Web Push library: its PushServiceClient sends through this handler, which runs each
/// request through <see cref="ProviderCircuit"/> on the factory's pooled handler, like the other providers' requests.
/// </summary>
internal sealed class CircuitHandler : DelegatingHandler
{
    readonly ProviderCircuit _circuit;

    public CircuitHandler(ProviderCircuit circuit, HttpMessageHandler pooled) : base(pooled) => _circuit = circuit;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
        _circuit.ExecuteAsync(async token =>
        {
            var response = await base.SendAsync(request, token);
            // Read inside the timeout, so a push service that stalls mid-body is also a slow call.
            await response.Content.LoadIntoBufferAsync(token);
            return response;
        }, ct);
}

namespace Sentinela.Server.Push.WebPush;

/// <summary>
/// Puts the breaker under the Web Push library: its PushServiceClient sends through this handler, and each request
/// goes through <see cref="ProviderCircuit"/> on a client from the factory, like the other providers' requests.
/// </summary>
internal sealed class CircuitHandler(ProviderCircuit circuit, HttpClient client) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
        circuit.SendAsync(client, () => request, ct);
}

using System.Net.Http.Headers;

namespace Sentinela.Tests.Infrastructure;

/// <summary>Adds the credentials a request needs: the laboratory key for FHIR writes, an administrator's token for the rest.</summary>
public sealed class TestCredentials(SentinelaFactory factory) : DelegatingHandler
{
    readonly Lazy<string> _adminToken = new(() => factory.TokenFor());

    public TestCredentials(SentinelaFactory factory, HttpMessageHandler inner) : this(factory) => InnerHandler = inner;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var ingestion = request.RequestUri!.AbsolutePath.StartsWith("/fhir", StringComparison.Ordinal)
            && (request.Method == HttpMethod.Post || request.Method == HttpMethod.Put);
        if (ingestion && !request.Headers.Contains("X-Api-Key")) request.Headers.Add("X-Api-Key", await factory.LabKeyAsync());
        else if (!ingestion && request.Headers.Authorization is null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _adminToken.Value);
        return await base.SendAsync(request, ct);
    }
}

using System.Net.Http.Headers;
using Lib.Net.Http.WebPush.Authentication;

namespace Sentinela.Server.Push.WebPush;

/// <summary>
/// Lib.Net.Http.WebPush 3.3.1 signs "aud" as scheme://host, leaving out the port; RFC 8292 §2 wants the endpoint's
/// origin, which has the port when it is not the scheme's default. The browsers' push services all listen on 443, so
/// only an endpoint with another port (a push service on a test or private host) gets its token signed again here.
/// </summary>
internal sealed class VapidAudienceHandler(VapidAuthentication vapid, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (request.RequestUri is { IsDefaultPort: false } endpoint && request.Headers.Authorization?.Scheme == "vapid")
            request.Headers.Authorization = new AuthenticationHeaderValue("vapid",
                vapid.GetVapidSchemeAuthenticationHeaderValueParameter(endpoint.GetLeftPart(UriPartial.Authority)));
        return base.SendAsync(request, ct);
    }
}

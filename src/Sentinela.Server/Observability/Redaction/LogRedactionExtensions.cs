using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;

namespace Sentinela.Server.Observability.Redaction;

public static class LogRedactionExtensions
{
    /// <summary>
    /// Redacts classified log parameters before any logging provider sees them (Microsoft.Extensions.Telemetry's
    /// redaction): CPFs masked, secrets erased, coordinates coarsened. Anything classified but unknown is erased.
    /// </summary>
    public static WebApplicationBuilder AddLogRedaction(this WebApplicationBuilder builder)
    {
        builder.Logging.EnableRedaction();
        // Hosting's "Request starting" lines carry raw query strings, where browsers must put the SignalR access token
        // (WebSockets and EventSource take no headers); this category never logs below Warning, whatever the config says.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Services.AddRedaction(r =>
        {
            r.SetRedactor<CpfRedactor>(new DataClassificationSet(SentinelaTaxonomy.Cpf));
            r.SetRedactor<CoordinateRedactor>(new DataClassificationSet(SentinelaTaxonomy.Coordinate));
            r.SetRedactor<ErasingRedactor>(new DataClassificationSet(SentinelaTaxonomy.Secret));
            r.SetFallbackRedactor<ErasingRedactor>();
        });
        return builder;
    }
}

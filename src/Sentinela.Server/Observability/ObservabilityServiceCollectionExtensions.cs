using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Sentinela.Server.Alerts;
using Sentinela.Server.Analysis;
using Sentinela.Server.Delivery;
using Sentinela.Server.Identity;
using Sentinela.Server.Ingestion;
using Sentinela.Server.Limits;
using Sentinela.Server.Push;
using Sentinela.Server.Storage;
using StackExchange.Redis;

namespace Sentinela.Server.Observability;

public static class ObservabilityServiceCollectionExtensions
{
    /// <summary>Every feature's Meter and ActivitySource.</summary>
    public static readonly string[] Sources =
        [IngestionTracing.Name, AnalysisTracing.Name, AlertsTracing.Name, DeliveryTracing.Name, PushTracing.Name, StorageTracing.Name, LimitsMetrics.Name];

    /// <summary>
    /// Metrics (Prometheus at MetricsPath, and OTLP when configured), traces (OTLP when configured), storage timing, the
    /// realtime statistics, and logs: JSON lines on stdout outside Development, readable lines in Development, both with
    /// scopes and trace ids. Call after every other AddX: it decorates the stores the storage backend registered.
    /// </summary>
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ObservabilityOptions>().BindConfiguration(ObservabilityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(ObservabilityOptions.Section).Get<ObservabilityOptions>() ?? new();

        AddLogging(builder);
        services.AddExceptionHandler<UnhandledExceptionHandler>();
        services.AddSingleton<RefusalLog>();
        services.AddStorageTelemetry();
        services.AddSingleton<RealtimeStatistics>();
        services.AddSingleton<ServiceInstance>();
        if (services.Any(d => d.ServiceType == typeof(IConnectionMultiplexer))) services.AddHostedService<RedisCommandMetrics>();

        // OpenTelemetry's Prometheus exporter rather than prometheus-net: the features record with System.Diagnostics.Metrics,
        // and one SDK then serves the same instruments to Prometheus and to OTLP, honours their bucket advice, and carries
        // traces too. Its "beta" is about the OpenMetrics naming spec; the scrape test pins the names we rely on.
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceVersion: typeof(ObservabilityOptions).Assembly.GetName().Version?.ToString(),
                    autoGenerateServiceInstanceId: false).AddDetector(sp => sp.GetRequiredService<ServiceInstance>()))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Sources).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation()
                    // SignalR's connection meter (connections, their duration, per transport) beside our own.
                    .AddMeter("Microsoft.AspNetCore.Http.Connections")
                    .AddPrometheusExporter();
                if (options.Otlp.Enabled) metrics.AddOtlpExporter(o => Configure(o, options.Otlp));
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(Sources)
                    .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.TraceSampleRatio)))
                    .AddProcessor<ServiceInstanceSpanProcessor>()
                    .AddAspNetCoreInstrumentation(o =>
                    {
                        // Probes and scrapes are not requests worth a trace.
                        o.Filter = c => !c.Request.Path.StartsWithSegments("/health") && !c.Request.Path.StartsWithSegments(options.MetricsPath);
                        // The request's own services: with several servers in a process, each provider enriches every server's requests.
                        o.EnrichWithHttpRequest = (span, request) =>
                            span.SetTag(ServiceInstance.Tag, request.HttpContext.RequestServices.GetRequiredService<ServiceInstance>().Id);
                        // Not a span per hub call: every client acks every fan-out, so 10,000 clients made 10,000 spans per
                        // alert version, each under its connection's hours-long request. The fan-out has its own span.
                        o.EnableAspNetCoreSignalRSupport = false;
                    })
                    .AddHttpClientInstrumentation();
                if (options.Otlp.Enabled) tracing.AddOtlpExporter(o => Configure(o, options.Otlp));
            });
        return builder;
    }

    /// <summary>
    /// /metrics, /api/metrics/realtime (health managers and administrators), and the probes, kept apart because each
    /// answers a different question: /health/live (restart me?), /health/ready (send me work? — this instance's own
    /// state only, so a shared outage leaves every instance in the pool answering 503 + Retry-After itself),
    /// /health/dependencies (are PostgreSQL/SQLite and Redis answering? for monitoring, not routing), /health/realtime.
    /// </summary>
    public static WebApplication MapObservability(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ObservabilityOptions>>().Value;
        // Listening from the start: a listener only sees measurements made after it exists.
        app.Services.GetRequiredService<RealtimeStatistics>();
        app.MapPrometheusScrapingEndpoint(options.MetricsPath);
        app.MapGet("/api/metrics/realtime", Realtime).WithTags("Observability")
            .RequireAuthorization(SentinelaPolicies.ReadAlerts).RequireRateLimiting(LimitsServiceCollectionExtensions.RestPolicy);
        // Probes read; any other method gets 405 rather than running the checks.
        HttpMethodMetadata probe = new(["GET", "HEAD"]);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthReportWriter.WriteAsync }).WithMetadata(probe);
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthReportWriter.WriteAsync }).WithMetadata(probe);
        app.MapHealthChecks("/health/dependencies", new HealthCheckOptions { Predicate = c => c.Tags.Contains("dependencies"), ResponseWriter = HealthReportWriter.WriteAsync }).WithMetadata(probe);
        app.MapHealthChecks("/health/realtime", new HealthCheckOptions { Predicate = c => c.Tags.Contains("realtime"), ResponseWriter = HealthReportWriter.WriteAsync }).WithMetadata(probe);
        return app;
    }

    static RealtimeSummary Realtime(ConnectionRegistry registry, DeliveryMetrics delivery, AckTracker acks, RealtimeStatistics statistics)
    {
        var (requests, requestLatency) = statistics.Requests;
        var (acked, deliveryLatency) = statistics.Deliveries;
        return new RealtimeSummary(registry.Count, delivery.ConnectionsByTransport, requests, requestLatency?.TotalMilliseconds, statistics.AlertListCacheHitRate,
            acked, deliveryLatency?.TotalMilliseconds, acks.PendingCount);
    }

    static void AddLogging(WebApplicationBuilder builder)
    {
        // Trace and span ids on every line written inside a trace; ASP.NET Core's request scope adds RequestId and the path.
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        var format = builder.Configuration[$"{ObservabilityOptions.Section}:{nameof(ObservabilityOptions.LogFormat)}"];
        if (format == "Text" || (format is null or "Auto" && builder.Environment.IsDevelopment()))
        {
            builder.Logging.AddSimpleConsole(o => (o.IncludeScopes, o.TimestampFormat) = (true, "HH:mm:ss.fff "));
            return;
        }
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
    }

    static void Configure(OpenTelemetry.Exporter.OtlpExporterOptions exporter, OtlpExportOptions options)
    {
        exporter.Endpoint = new Uri(options.Endpoint);
        exporter.Protocol = options.Protocol;
    }
}

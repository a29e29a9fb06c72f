using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Observability;

/// <summary>Sentinela:Observability — metrics, traces and the thresholds behind the degraded flags of /health/realtime.</summary>
public sealed class ObservabilityOptions
{
    public const string Section = "Sentinela:Observability";

    /// <summary>service.name on traces and metrics exported over OTLP.</summary>
    [Required] public string ServiceName { get; set; } = "sentinela";

    /// <summary>Where Prometheus scrapes this instance.</summary>
    [Required, RegularExpression("^/.*")] public string MetricsPath { get; set; } = "/metrics";

    /// <summary>Share of new traces recorded (a trace started by a caller follows the caller's decision).</summary>
    [Range(0.0, 1.0)] public double TraceSampleRatio { get; set; } = 1.0;

    /// <summary>How often gauges that need a query (the push queue depth) are read.</summary>
    public TimeSpan GaugeInterval { get; set; } = TimeSpan.FromSeconds(5);

    public OtlpExportOptions Otlp { get; set; } = new();

    /// <summary>Console logs: Auto (readable in Development, JSON lines otherwise), Json, or Text (readable, e.g. for a demo).</summary>
    [Required, RegularExpression("^(Auto|Json|Text)$")] public string LogFormat { get; set; } = "Auto";

    public RealtimeHealthOptions Realtime { get; set; } = new();
}

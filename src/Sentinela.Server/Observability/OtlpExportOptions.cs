using OpenTelemetry.Exporter;

namespace Sentinela.Server.Observability;

/// <summary>Sentinela:Observability:Otlp — an OpenTelemetry collector for traces and metrics; off while Endpoint is empty.</summary>
public sealed class OtlpExportOptions
{
    /// <summary>e.g. http://otel-collector:4317 (gRPC) or http://otel-collector:4318 (HTTP/protobuf).</summary>
    public string Endpoint { get; set; } = "";

    public OtlpExportProtocol Protocol { get; set; } = OtlpExportProtocol.Grpc;

    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint);
}

using System.Diagnostics;

namespace Sentinela.Server.Ingestion;

/// <summary>Spans of the ingestion path: receive (one per request) and parse.</summary>
public static class IngestionTracing
{
    public const string Name = "Sentinela.Ingestion";
    public static readonly ActivitySource Source = new(Name);
}

using System.Diagnostics;

namespace Sentinela.Server.Analysis;

/// <summary>Spans of analysis: individual (per request), collective, and the geo index's add and query inside it.</summary>
public static class AnalysisTracing
{
    public const string Name = "Sentinela.Analysis";
    public static readonly ActivitySource Source = new(Name);
}

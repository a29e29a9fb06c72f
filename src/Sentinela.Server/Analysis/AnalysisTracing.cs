using System.Diagnostics;

namespace Sentinela.Server.Analysis;

/// <summary>Spans of analysis: individual findings, within the laboratory's request.</summary>
public static class AnalysisTracing
{
    public const string Name = "Sentinela.Analysis";
    public static readonly ActivitySource Source = new(Name);
}

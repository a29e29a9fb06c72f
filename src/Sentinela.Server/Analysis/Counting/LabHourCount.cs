namespace Sentinela.Server.Analysis.Counting;

/// <summary>Hemograms a laboratory's feed delivered in one hour (Unix hours of receipt), and where most of them came from.</summary>
public sealed record LabHourCount(string Lab, long Hour, int Hemograms, int Municipality);

using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Ingestion;

/// <summary>What became of one accepted hemogram: the stored hemogram (the earlier one for a resubmission) and whether it was new.</summary>
public sealed record IntakeResult(Hemogram Hemogram, bool Created);

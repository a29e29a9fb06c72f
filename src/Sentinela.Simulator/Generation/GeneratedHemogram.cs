using Hl7.Fhir.Model;

namespace Sentinela.Simulator.Generation;

/// <summary>
/// One synthetic hemogram: the FHIR Observation to post and what went into it, so tests and benchmarks can
/// check the ground truth (was it drawn inside an outbreak, was it made abnormal on purpose).
/// </summary>
public sealed record GeneratedHemogram(
    Observation Observation,
    string Identifier,
    SyntheticLab Lab,
    SyntheticPatient Patient,
    BloodCount Counts,
    DateTimeOffset Effective,
    OutbreakScenario? Outbreak,
    bool MadeAbnormal)
{
    /// <summary>Whether the hemogram came from an outbreak municipality while that outbreak was active.</summary>
    public bool InOutbreak => Outbreak is not null;
}

using Sentinela.Server.Analysis.Individual;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// Turns a parsed submission into the de-identified <see cref="Hemogram"/> that is stored: individual findings, the keyed
/// hash of the source identity, a ten-year age band. Pure apart from the id, so the benchmarks run exactly this code.
/// </summary>
public sealed class HemogramFactory(IndividualAnalyzer analyzer, SourceKeyHasher hasher)
{
    public Hemogram Create(HemogramSubmission s, DateTimeOffset receivedAt)
    {
        var findings = analyzer.Analyze(s.Measurements, s.Sex, s.AgeYears);
        return new Hemogram
        {
            Id = Guid.CreateVersion7(receivedAt),
            SourceKey = hasher.Hash(s.SourceIdentity),
            Lab = s.Lab,
            MunicipalityCode = s.Municipality.IbgeCode,
            StateCode = s.Municipality.StateCode,
            Location = s.Location,
            Sex = s.Sex,
            AgeBand = AgeBand(s.AgeYears),
            CollectedAt = s.CollectedAt,
            ReceivedAt = receivedAt,
            Measurements = s.Measurements,
            Findings = findings,
            AbnormalMask = Hemogram.MaskOf(findings),
        };
    }

    /// <summary>Ten-year bands ("30-39", "80+"): enough for epidemiology, too coarse to identify anyone.</summary>
    static string? AgeBand(int? age) => age switch
    {
        null => null,
        >= 80 => "80+",
        _ => $"{age / 10 * 10}-{age / 10 * 10 + 9}",
    };
}

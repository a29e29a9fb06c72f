using Hl7.Fhir.Model;
using Sentinela.Server.Analysis.Collective;
using Sentinela.Server.Analysis.Individual;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Ingestion;

namespace Sentinela.Benchmarks;

/// <summary>
/// What the server does to one hemogram between reading the request body and answering, minus storage:
/// parse, individual analysis, the de-identified <see cref="Hemogram"/> (as HemogramIntake builds it), collective analysis.
/// </summary>
public sealed class PurePipeline(HemogramParser parser, IndividualAnalyzer analyzer, SourceKeyHasher hasher)
{
    public HemogramParser Parser => parser;
    public IndividualAnalyzer Analyzer => analyzer;

    /// <summary>Parse + individual analysis; throws when the observation is refused (generated data never should be).</summary>
    public Hemogram ToHemogram(Observation observation, DateTimeOffset receivedAt)
    {
        var parsed = parser.Parse(observation, ContainedResolver.ContainedOnly);
        var submission = parsed.Submission
            ?? throw new InvalidOperationException("Generated observation refused: " + string.Join("; ", parsed.Issues.Select(i => i.Diagnostics)));
        return ToHemogram(submission, receivedAt);
    }

    /// <summary>Mirrors HemogramIntake.ToHemogram, which is private to the server.</summary>
    public Hemogram ToHemogram(HemogramSubmission s, DateTimeOffset receivedAt)
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
            AgeBand = s.AgeYears switch
            {
                null => null,
                >= 80 => "80+",
                { } age => $"{age / 10 * 10}-{age / 10 * 10 + 9}",
            },
            CollectedAt = s.CollectedAt,
            ReceivedAt = receivedAt,
            Measurements = s.Measurements,
            Findings = findings,
            AbnormalMask = Hemogram.MaskOf(findings),
        };
    }

    /// <summary>The whole pure path for one observation; returns how many alert changes collective analysis decided.</summary>
    public int Process(Observation observation, OutbreakDetector detector, DateTimeOffset now) =>
        detector.Observe(new IndexedHemogram(ToHemogram(observation, now)), now).Count;
}

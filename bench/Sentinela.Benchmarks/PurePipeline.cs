using Hl7.Fhir.Model;
using Sentinela.Server.Analysis.Counting;
using Sentinela.Server.Analysis.Individual;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Ingestion;

namespace Sentinela.Benchmarks;

/// <summary>
/// What the server does to one hemogram between reading the request body and answering, minus storage:
/// parse, individual analysis and de-identification (<see cref="HemogramFactory"/>, as the server does), and the
/// hemogram's whole share of collective analysis: its count change, folded into a batch's deltas.
/// </summary>
public sealed class PurePipeline(HemogramParser parser, IndividualAnalyzer analyzer, HemogramFactory factory)
{
    public HemogramParser Parser => parser;
    public IndividualAnalyzer Analyzer => analyzer;

    /// <summary>Parse + individual analysis; throws when the observation is refused (generated data never should be).</summary>
    public Hemogram ToHemogram(Observation observation, DateTimeOffset receivedAt)
    {
        var parsed = parser.Parse(observation, ReferenceResolver.ContainedOnly);
        var submission = parsed.Submission
            ?? throw new InvalidOperationException("Generated observation refused: " + string.Join("; ", parsed.Issues.Select(i => i.Diagnostics)));
        return ToHemogram(submission, receivedAt);
    }

    public Hemogram ToHemogram(HemogramSubmission s, DateTimeOffset receivedAt) => factory.Create(s, receivedAt);

    /// <summary>The whole pure path for one observation, folding its count change into <paramref name="deltas"/>.</summary>
    public void Process(Observation observation, CountDeltas deltas, DateTimeOffset now) =>
        deltas.Add(CountChange.Of(ToHemogram(observation, now)));
}

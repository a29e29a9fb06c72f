using Observation = Hl7.Fhir.Model.Observation;
using Sentinela.Geography;
using Sentinela.Server.Analysis.Counting;
using Sentinela.Server.Analysis.Individual;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Ingestion;
using Sentinela.Simulator.Generation;

namespace Sentinela.Benchmarks;

/// <summary>
/// Simulator traffic for Minas Gerais, turned into what each stage consumes: a <see cref="Stream"/> of hemograms one
/// <see cref="Spacing"/> apart up to <see cref="Now"/>. Deterministic: a fixed seed and a fixed clock.
/// </summary>
public sealed class Workload
{
    public const int MinasGerais = 31;
    public const int DefaultSeed = 20_250_602;

    /// <summary>One streamed hemogram at every stage of the pipeline.</summary>
    public sealed record Item(Observation Observation, HemogramSubmission Submission, Hemogram Hemogram)
    {
        public bool Abnormal => Hemogram.AbnormalMask != 0;
    }

    public Workload(int streamSize, int seed = DefaultSeed)
    {
        var (table, origin) = ServerDefaults.Municipalities();
        var state = table.InState(MinasGerais).ToArray();
        (Municipalities, MunicipalitiesOrigin, StateMunicipalities) = (table, origin, state.Length > 0 ? state : table.All);

        Now = new DateTimeOffset(2025, 6, 2, 15, 0, 0, TimeSpan.Zero);
        var streamStart = Now - Spacing * streamSize;

        var parser = new HemogramParser(table, new FixedClock(Now), ServerDefaults.Ingestion(), new Sentinela.Server.Identity.LaboratoryDirectory());
        var analyzer = new IndividualAnalyzer(ServerDefaults.Individual());
        Pipeline = new PurePipeline(parser, analyzer, new HemogramFactory(analyzer, new SourceKeyHasher(new FixedSecretStore())));

        var generator = new HemogramGenerator(StateMunicipalities, seed);
        var stream = new Item[streamSize];
        for (var j = 0; j < streamSize; j++)
        {
            var elapsed = Spacing * (j + 1);
            var observation = generator.Next(elapsed, streamStart + elapsed).Observation;
            var submission = parser.Parse(observation, ReferenceResolver.ContainedOnly).Submission
                ?? throw new InvalidOperationException("A generated observation was refused by the parser.");
            var hemogram = Pipeline.ToHemogram(submission, submission.CollectedAt);
            stream[j] = new Item(observation, submission, hemogram);
        }
        Stream = stream;
    }

    /// <summary>About 17,000 hemograms a day across the state.</summary>
    public static TimeSpan Spacing => TimeSpan.FromSeconds(5);

    public PurePipeline Pipeline { get; }
    public MunicipalityTable Municipalities { get; }
    public string MunicipalitiesOrigin { get; }
    public IReadOnlyList<Municipality> StateMunicipalities { get; }
    public DateTimeOffset Now { get; }
    public IReadOnlyList<Item> Stream { get; }

    /// <summary>One line per fact a reader of the numbers needs: where, how many, how abnormal.</summary>
    public IEnumerable<string> Describe()
    {
        var all = Stream.Select(s => s.Hemogram).ToList();
        yield return $"Municipalities: {StateMunicipalities.Count} of state {MinasGerais} from {MunicipalitiesOrigin}";
        yield return $"Stream: {Stream.Count:N0} hemograms, {Spacing.TotalSeconds:0} s apart, up to {Now:u}";
        if (all.Count == 0) yield break;
        var abnormal = all.Count(h => h.AbnormalMask != 0);
        yield return $"Abnormal (>= 1 finding): {abnormal:N0} of {all.Count:N0} = {100.0 * abnormal / all.Count:0.0} %;"
            + $" conditions per abnormal hemogram: {(abnormal == 0 ? 0 : all.Where(h => h.AbnormalMask != 0).Average(h => System.Numerics.BitOperations.PopCount(h.AbnormalMask))):0.00}";
        var shares = Condition.All
            .Select(c => (Condition: c, Share: 100.0 * all.Count(h => (h.AbnormalMask & c.Bit) != 0) / all.Count))
            .Where(x => x.Share > 0).OrderByDescending(x => x.Share);
        yield return "Per condition: " + string.Join(", ", shares.Select(x => $"{x.Condition} {x.Share:0.0} %"));
    }
}

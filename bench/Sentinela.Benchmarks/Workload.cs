using Observation = Hl7.Fhir.Model.Observation;
using Sentinela.Geography;
using Sentinela.Server.Analysis.Collective;
using Sentinela.Server.Analysis.Individual;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Ingestion;
using Sentinela.Simulator.Generation;

namespace Sentinela.Benchmarks;

/// <summary>
/// Simulator traffic for Minas Gerais, turned into what each stage consumes. <see cref="IndexSize"/> hemograms spread
/// evenly over the detectors' horizon (72 h) make up the index a detector starts from; the <see cref="Stream"/> continues
/// at the same rate up to <see cref="Now"/>, so each streamed hemogram is the newest one when it is observed.
/// Deterministic: a fixed seed and a fixed clock.
/// </summary>
public sealed class Workload
{
    public const int MinasGerais = 31;
    public const int DefaultSeed = 20_250_602;

    /// <summary>Hemograms per horizon when no index is wanted (parser and analyzer benchmarks): sets the stream's spacing only.</summary>
    const int DefaultVolume = 50_000;

    /// <summary>One streamed hemogram at every stage of the pipeline.</summary>
    public sealed record Item(Observation Observation, HemogramSubmission Submission, Hemogram Hemogram, IndexedHemogram Indexed)
    {
        public bool Abnormal => Indexed.AbnormalMask != 0;
    }

    readonly IndexedHemogram[] _preload;

    public Workload(int indexSize, int streamSize, int seed = DefaultSeed)
    {
        var (table, origin) = ServerDefaults.Municipalities();
        var state = table.InState(MinasGerais).ToArray();
        (Municipalities, MunicipalitiesOrigin, StateMunicipalities) = (table, origin, state.Length > 0 ? state : table.All);
        Collective = ServerDefaults.Collective();
        IndexSize = indexSize;

        var spacing = Collective.Horizon / (indexSize > 0 ? indexSize : DefaultVolume);
        Now = new DateTimeOffset(2025, 6, 2, 15, 0, 0, TimeSpan.Zero);
        var streamStart = Now - spacing * streamSize;
        var indexStart = streamStart - spacing * indexSize;

        var parser = new HemogramParser(table, new FixedClock(Now), ServerDefaults.Ingestion());
        var analyzer = new IndividualAnalyzer(ServerDefaults.Individual());
        Pipeline = new PurePipeline(parser, analyzer, new HemogramFactory(analyzer, new SourceKeyHasher(new FixedSecretStore())));

        var generator = new HemogramGenerator(StateMunicipalities, seed);
        _preload = new IndexedHemogram[indexSize];
        for (var i = 0; i < indexSize; i++)
        {
            var elapsed = spacing * (i + 1);
            var generated = generator.Next(elapsed, indexStart + elapsed);
            _preload[i] = new IndexedHemogram(Pipeline.ToHemogram(generated.Observation, generated.Effective.ToUniversalTime()));
        }

        var stream = new Item[streamSize];
        for (var j = 0; j < streamSize; j++)
        {
            var elapsed = spacing * (indexSize + j + 1);
            var observation = generator.Next(elapsed, indexStart + elapsed).Observation;
            var submission = parser.Parse(observation, ReferenceResolver.ContainedOnly).Submission
                ?? throw new InvalidOperationException("A generated observation was refused by the parser.");
            var hemogram = Pipeline.ToHemogram(submission, submission.CollectedAt);
            stream[j] = new Item(observation, submission, hemogram, new IndexedHemogram(hemogram));
        }
        Stream = stream;
    }

    public PurePipeline Pipeline { get; }
    public MunicipalityTable Municipalities { get; }
    public string MunicipalitiesOrigin { get; }
    public IReadOnlyList<Municipality> StateMunicipalities { get; }
    public CollectiveAnalysisOptions Collective { get; }
    public int IndexSize { get; }
    public DateTimeOffset Now { get; }
    public IReadOnlyList<Item> Stream { get; }

    public IEnumerable<IndexedHemogram> Preload => _preload;

    /// <summary>A detector holding the preloaded index (loaded without detection, as the server rebuilds it at start).</summary>
    public OutbreakDetector NewDetector()
    {
        var detector = new OutbreakDetector(Collective, Municipalities);
        foreach (var h in _preload) detector.Load(h);
        return detector;
    }

    /// <summary>One line per fact a reader of the numbers needs: where, how many, how abnormal.</summary>
    public IEnumerable<string> Describe()
    {
        var all = _preload.Concat(Stream.Select(s => s.Indexed)).ToList();
        yield return $"Municipalities: {StateMunicipalities.Count} of state {MinasGerais} from {MunicipalitiesOrigin}";
        yield return $"Index: {IndexSize:N0} hemograms over {Collective.Horizon.TotalHours:0} h; stream: {Stream.Count:N0} newer hemograms up to {Now:u}";
        if (all.Count == 0) yield break;
        var abnormal = all.Count(h => h.AbnormalMask != 0);
        yield return $"Abnormal (>= 1 finding): {abnormal:N0} of {all.Count:N0} = {100.0 * abnormal / all.Count:0.0} %;"
            + $" conditions per abnormal hemogram: {(abnormal == 0 ? 0 : all.Where(h => h.AbnormalMask != 0).Average(h => System.Numerics.BitOperations.PopCount(h.AbnormalMask))):0.00}";
        var shares = Condition.All
            .Select(c => (Condition: c, Share: 100.0 * all.Count(h => h.Has(c)) / all.Count))
            .Where(x => x.Share > 0).OrderByDescending(x => x.Share);
        yield return "Per condition: " + string.Join(", ", shares.Select(x => $"{x.Condition} {x.Share:0.0} %"));
    }
}

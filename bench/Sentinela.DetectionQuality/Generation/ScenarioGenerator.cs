using Sentinela.Geography;
using Sentinela.Server.Analysis.Individual;
using Sentinela.Server.Hemograms;

namespace Sentinela.DetectionQuality.Generation;

/// <summary>
/// Generates a scenario's hemograms, day by day, and its ground truth. Per municipality and day: the volume is its weekday
/// volume × the day-of-week profile, with gamma noise (negative binomial counts); each condition's share is drawn from a
/// Beta around the municipality's own rate (itself log-normal around the condition's, times a slow statewide seasonal
/// drift), so day-to-day case mix varies more than binomial sampling; each hemogram's parameters are drawn independently
/// on the side of the reference range those shares decide. Outbreaks add patients with their condition on top.
/// </summary>
public sealed class ScenarioGenerator(Scenario scenario, MunicipalityTable table, IndividualAnalyzer analyzer)
{
    public const string HemogramsFile = "hemograms.ndjson.gz";
    public const string TruthFile = "truth.json";

    // Monday to Sunday: Monday's backlog, Friday's early close, the weekend dip.
    static readonly double[] DayOfWeek = [1.1, 1.0, 1.0, 1.0, 0.9, 0.45, 0.2];

    // Gamma shape of the day's volume noise: coefficient of variation 1/√40 ≈ 16 %.
    const double VolumeShape = 40;

    // Seasonal drift: ±8 % over a 120-day period, a phase per condition, the same for every municipality.
    const double DriftAmplitude = 0.08, DriftPeriodDays = 120;

    const double FemaleShare = 0.55;

    public GroundTruth Write(Stream output)
    {
        var sampling = new Sampling(scenario.Seed);
        var municipalities = MunicipalityPanel.Choose(table, scenario, sampling);
        var (outbreaks, nullWindows, notPlaced) = OutbreakPlanner.Plan(scenario, municipalities, sampling);

        var conditions = PrevalenceProfile.Conditions;
        var spread = scenario.MunicipalitySpread;
        var ownRate = municipalities.ToDictionary(m => m.Code, _ => conditions.Select(c =>
            PrevalenceProfile.Rate(scenario.Prevalence, c) * Math.Exp(spread * sampling.Normal() - spread * spread / 2)).ToArray());
        var phase = conditions.Select(_ => sampling.Uniform(0, 2 * Math.PI)).ToArray();
        var values = new BloodValues(analyzer, sampling);
        var writer = new ObservationJson($"urn:sentinela:detection-quality:{scenario.Seed}:{scenario.Prevalence.ToString().ToLowerInvariant()}");
        var extra = outbreaks.ToDictionary(o => o.Id, _ => 0);
        var background = outbreaks.ToDictionary(o => o.Id, _ => 0.0);
        long identifier = 0;

        for (var day = 0; day < scenario.TotalDays; day++)
        {
            var date = scenario.FirstDay.AddDays(day);
            var midnight = OutbreakPlanner.LocalMidnight(date);
            var drift = phase.Select(p => 1 + DriftAmplitude * Math.Sin(2 * Math.PI * day / DriftPeriodDays + p)).ToArray();
            var today = new List<SyntheticHemogram>();
            foreach (var m in municipalities)
            {
                var volume = sampling.Poisson(m.WeekdayVolume * DayOfWeek[((int)date.DayOfWeek + 6) % 7] * sampling.Gamma(VolumeShape) / VolumeShape);
                var expected = new double[conditions.Count];
                var shares = new double[conditions.Count];
                for (var c = 0; c < conditions.Count; c++)
                {
                    expected[c] = Math.Min(0.9, ownRate[m.Code][c] * drift[c]);
                    shares[c] = sampling.Beta(expected[c], scenario.DailyConcentration);
                }
                for (var i = 0; i < volume; i++) today.Add(Draw(m, midnight, shares, forced: null, sampling, values));

                foreach (var o in outbreaks.Where(o => o.Municipalities.Contains(m.Code) && o.Start <= midnight && midnight < o.End))
                {
                    var c = IndexOf(conditions, o.Condition);
                    var cases = sampling.Poisson((o.Multiplier - 1) * volume * expected[c]);
                    for (var i = 0; i < cases; i++) today.Add(Draw(m, midnight, shares, conditions[c], sampling, values));
                    extra[o.Id] += cases;
                    background[o.Id] += volume * expected[c];
                }
            }
            foreach (var h in today.OrderBy(h => h.CollectedAt)) writer.WriteLine(output, h, ++identifier);
        }

        return new GroundTruth(
            scenario,
            OutbreakPlanner.LocalMidnight(scenario.FirstScoredDay),
            OutbreakPlanner.LocalMidnight(scenario.FirstScoredDay.AddDays(scenario.ScoredDays)),
            municipalities,
            [.. outbreaks.Select(o => o with { ExtraCases = extra[o.Id], BackgroundCases = Math.Round(background[o.Id], 1) })],
            nullWindows,
            identifier,
            notPlaced);
    }

    /// <summary>Generates into <paramref name="directory"/>: <see cref="HemogramsFile"/> and <see cref="TruthFile"/>.</summary>
    public async Task<GroundTruth> WriteAsync(string directory, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        GroundTruth truth;
        await using (var file = File.Create(Path.Combine(directory, HemogramsFile)))
        await using (var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
        await using (var buffered = new BufferedStream(gzip, 1 << 16))
            truth = Write(buffered);
        await truth.SaveAsync(Path.Combine(directory, TruthFile), ct);
        return truth;
    }

    static SyntheticHemogram Draw(SimulatedMunicipality m, DateTimeOffset midnight, double[] shares, Condition? forced, Sampling sampling, BloodValues values)
    {
        // Most samples are drawn in the morning; the rest through the afternoon and evening (emergency rooms).
        var minutes = sampling.Chance(0.75) ? sampling.Uniform(6 * 60, 11 * 60) : sampling.Uniform(11 * 60, 22 * 60);
        var collectedAt = midnight.AddSeconds(Math.Floor(minutes * 60));
        var sex = sampling.Chance(FemaleShare) ? Sex.Female : Sex.Male;
        var age = 18 + sampling.Next(73);
        var birth = DateOnly.FromDateTime(collectedAt.DateTime).AddYears(-age).AddDays(-sampling.Next(365));
        // The age the server will compute from the birth date, so the reference range chosen here is the one it applies.
        var on = DateOnly.FromDateTime(collectedAt.UtcDateTime);
        var serverAge = on.Year - birth.Year - (on < birth.AddYears(on.Year - birth.Year) ? 1 : 0);

        var conditions = PrevalenceProfile.Conditions;
        var result = new double[HemogramParameters.All.Length];
        var mask = 0u;
        foreach (var p in HemogramParameters.All)
        {
            Direction? side = forced is { } f && f.Parameter == p ? f.Direction : null;
            if (side is null)
            {
                var u = sampling.Uniform();
                var low = ShareOf(conditions, shares, new Condition(p, Direction.Low));
                var high = ShareOf(conditions, shares, new Condition(p, Direction.High));
                side = u < low ? Direction.Low : u < low + high ? Direction.High : null;
            }
            result[(int)p] = values.Draw(p, side, sex, serverAge);
            if (side is { } d) mask |= new Condition(p, d).Bit;
        }
        values.Check(result, sex, serverAge, mask);
        var (dLat, dLon) = (sampling.Normal() * 0.02, sampling.Normal() * 0.02);
        return new SyntheticHemogram(collectedAt, m, m.Latitude + dLat, m.Longitude + dLon, sex, birth, result);
    }

    static double ShareOf(IReadOnlyList<Condition> conditions, double[] shares, Condition condition)
    {
        var i = IndexOf(conditions, condition);
        return i < 0 ? 0 : shares[i];
    }

    static int IndexOf(IReadOnlyList<Condition> conditions, Condition condition)
    {
        for (var i = 0; i < conditions.Count; i++)
            if (conditions[i] == condition) return i;
        return -1;
    }

    static int IndexOf(IReadOnlyList<Condition> conditions, string condition) => IndexOf(conditions, PrevalenceProfile.Parse(condition));
}

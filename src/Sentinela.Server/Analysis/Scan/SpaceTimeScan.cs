using MathNet.Numerics.Distributions;
using Sentinela.Server.Analysis.Baselines;
using Sentinela.Server.Analysis.Counting;
using Sentinela.Server.Analysis.Detection;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis.Scan;

/// <summary>
/// Prospective expectation-based space–time scan (Kulldorff 2005; Neill's expectation-based scans): cylinders are circles
/// of municipality centroids (a reporting municipality and its nearest reporting neighbours within
/// <see cref="ScanOptions.MaxRadiusKm"/>, up to <see cref="ScanOptions.MaxZoneSize"/>) × the last 1…<see cref="ScanOptions.MaxWindowDays"/> days.
/// Each cylinder compares observed abnormal results C with the learned expectation E = Σ tests·p̂ by the quasi-Poisson
/// log-likelihood ratio [C·ln(C/E) − (C − E)] / φ, φ = Var/E from the beta-binomial model (so overdispersed places need
/// more excess). Significance is the rank of the observed maximum among the maxima of worlds simulated from the baseline
/// model (Monte Carlo), with a Gumbel tail beyond the replicates; the calibration is reused for a while per condition.
/// The strongest cluster and non-overlapping secondary ones are reported, each with its own p-value.
/// </summary>
public sealed class SpaceTimeScan(ScanOptions options, Neighbourhood neighbourhood, int minCases)
{
    readonly Dictionary<Condition, (GumbelTail Tail, int Day, DateTimeOffset At, double Expected)> _calibrations = [];

    /// <param name="significantBelow">
    /// The p-value a cluster must beat to matter to the caller. When even the strongest cylinders' own (local) p-values do
    /// not, no calibration is run: a scan p-value is never below the local p-value of the cylinder that attains the
    /// maximum, so such a condition has nothing significant, and its clusters are reported with the local p-value.
    /// </param>
    public IReadOnlyList<ScanCluster> Run(Expectations expectations, int today, DateTimeOffset now, double significantBelow = 1)
    {
        var counts = expectations.Counts;
        var w = Math.Min(options.MaxWindowDays, counts.Days);
        var active = counts.Municipalities.Where(m => counts.HasData(m, today - w + 1)).Order().ToArray();
        if (active.Length == 0) return [];
        var zones = Zones(active);
        var clusters = new List<ScanCluster>();
        foreach (var condition in Condition.All)
        {
            var data = new ConditionData(expectations, condition, active, today, w);
            if (data.TotalCases < minCases) continue;
            var best = Evaluate(data, data.Observed, zones, bestPerCentre: true);
            if (best.Count == 0) continue;
            var promising = best.OrderByDescending(c => c.Llr).Take(5)
                .Any(c => LocalOutcome(c, expectations, condition, active, zones, today).PValue < significantBelow);
            var tail = promising ? Calibration(data, zones, condition, today, now) : null;
            clusters.AddRange(Select(best, tail, expectations, condition, active, zones, today));
        }
        return clusters;
    }

    /// <summary>Per centre (index into the active list): itself, then its nearest active neighbours in range.</summary>
    int[][] Zones(int[] active)
    {
        var position = new Dictionary<int, int>(active.Length);
        for (var i = 0; i < active.Length; i++) position[active[i]] = i;
        return active.Select(code => neighbourhood.Of(code)
            .Where(n => n.Km <= options.MaxRadiusKm && position.ContainsKey(n.Code))
            .Select(n => position[n.Code]).Take(options.MaxZoneSize)
            .DefaultIfEmpty(position[code]).ToArray()).ToArray();
    }

    /// <summary>
    /// The null maxima of a condition, simulated again after CalibrationInterval, or when the expectation they were drawn
    /// from moved by a fifth (a cold start filling up, a feed coming back): a null drawn for six tests says nothing about sixty.
    /// </summary>
    GumbelTail Calibration(ConditionData data, int[][] zones, Condition condition, int today, DateTimeOffset now)
    {
        var expected = data.TotalExpected;
        if (_calibrations.TryGetValue(condition, out var c) && now - c.At < options.CalibrationInterval
            && Math.Abs(expected - c.Expected) <= 0.2 * c.Expected)
            return c.Tail;
        // Seeded by condition and day: a backtest, a restart and another instance simulate the same worlds.
        var random = new Random(CountSlots.Index(condition) * 1_000_003 + today);
        var maxima = new double[options.Replicates];
        var simulated = new int[data.Observed.Length];
        for (var r = 0; r < maxima.Length; r++)
        {
            data.Simulate(random, simulated);
            maxima[r] = Evaluate(data, simulated, zones, bestPerCentre: false) is [{ } top] ? top.Llr : 0;
        }
        var tail = new GumbelTail(maxima);
        _calibrations[condition] = (tail, today, now, expected);
        return tail;
    }

    readonly record struct Candidate(int Centre, int Size, int Window, double Llr);

    /// <summary>The best cylinder per centre (or only the overall maximum), scanning windows and circle sizes.</summary>
    List<Candidate> Evaluate(ConditionData data, int[] y, int[][] zones, bool bestPerCentre)
    {
        var w = data.Window;
        var cumulative = data.Cumulative(y);
        var zoneCases = new double[w];
        var zoneExpected = new double[w];
        var zoneVariance = new double[w];
        var result = new List<Candidate>();
        var overall = new Candidate(-1, 0, 0, 0);
        for (var centre = 0; centre < zones.Length; centre++)
        {
            Array.Clear(zoneCases);
            Array.Clear(zoneExpected);
            Array.Clear(zoneVariance);
            var best = new Candidate(-1, 0, 0, 0);
            var zone = zones[centre];
            for (var k = 0; k < zone.Length; k++)
            {
                var j = zone[k] * w;
                for (var t = 0; t < w; t++)
                {
                    zoneCases[t] += cumulative[j + t];
                    zoneExpected[t] += data.CumulativeExpected[j + t];
                    zoneVariance[t] += data.CumulativeVariance[j + t];
                    var llr = Llr(zoneCases[t], zoneExpected[t], zoneVariance[t]);
                    if (llr > best.Llr) best = new Candidate(centre, k + 1, t + 1, llr);
                }
            }
            if (best.Centre < 0) continue;
            if (bestPerCentre) result.Add(best);
            else if (best.Llr > overall.Llr) overall = best;
        }
        if (!bestPerCentre && overall.Centre >= 0) result.Add(overall);
        return result;
    }

    double Llr(double cases, double expected, double variance)
    {
        if (cases < minCases || cases <= expected || expected <= 0) return 0;
        var dispersion = Math.Max(variance / expected, 0.25);
        return (cases * Math.Log(cases / expected) - (cases - expected)) / dispersion;
    }

    /// <summary>
    /// The Monte Carlo p-value; where the simulated worlds almost never hold a cluster at all (a handful of expected
    /// cases: their maxima are zeros, and no Gumbel tail can be fitted), the cluster's own tail probability with a
    /// Bonferroni correction for every cylinder scanned, which is conservative.
    /// </summary>
    static double PValue(GumbelTail? tail, double llr, AreaOutcome outcome, int cylinders) => tail is null ? outcome.PValue
        : tail.Degenerate ? Math.Min(1, outcome.PValue * cylinders)
        : tail.PValue(llr);

    AreaOutcome LocalOutcome(Candidate candidate, Expectations expectations, Condition condition, int[] active, int[][] zones, int today) =>
        expectations.Over(zones[candidate.Centre].Take(candidate.Size).Select(i => active[i]), condition, today - candidate.Window + 1, today);

    /// <summary>The strongest cylinders, greedily, sharing no municipality with a stronger one.</summary>
    IEnumerable<ScanCluster> Select(List<Candidate> best, GumbelTail? tail, Expectations expectations, Condition condition, int[] active,
        int[][] zones, int today)
    {
        var taken = new HashSet<int>();
        var reported = 0;
        foreach (var candidate in best.OrderByDescending(c => c.Llr).ThenBy(c => active[c.Centre]))
        {
            if (reported == options.MaxClusters) yield break;
            var members = zones[candidate.Centre].Take(candidate.Size).Select(i => active[i]).ToList();
            if (members.Any(taken.Contains)) continue;
            taken.UnionWith(members);
            reported++;
            var outcome = expectations.Over(members, condition, today - candidate.Window + 1, today);
            yield return new ScanCluster(condition, members, candidate.Window, outcome.Observed, outcome.Expected, outcome.Variance,
                outcome.Tests, candidate.Llr, PValue(tail, candidate.Llr, outcome, zones.Sum(z => z.Length) * options.MaxWindowDays));
        }
    }

    /// <summary>One condition's inputs over the active municipalities: per municipality × window day (0 = today).</summary>
    sealed class ConditionData
    {
        readonly int[] _tests;
        readonly double[] _p, _rho, _rateCv2;

        public ConditionData(Expectations expectations, Condition condition, int[] active, int today, int window)
        {
            Window = window;
            var size = active.Length * window;
            (_tests, Observed, _p, _rho) = (new int[size], new int[size], new double[size], new double[size]);
            CumulativeExpected = new double[size];
            CumulativeVariance = new double[size];
            _rateCv2 = new double[active.Length];
            int tests = CountSlots.Tests(condition.Parameter), abnormal = CountSlots.Abnormal(condition);
            for (var j = 0; j < active.Length; j++)
            {
                var rho = expectations.Baseline.Rho(active[j], condition);
                var cv2 = _rateCv2[j] = expectations.Baseline.RateCv2(active[j], condition);
                double e = 0, v = 0;
                for (var t = 0; t < window; t++)
                {
                    var i = j * window + t;
                    var row = expectations.Counts.Row(active[j], today - t);
                    (_tests[i], Observed[i]) = (row[tests], row[abnormal]);
                    (_p[i], _rho[i]) = (expectations.Baseline.Expected(active[j], condition, today - t), rho);
                    e += _tests[i] * _p[i];
                    v += Expectations.Variance(_tests[i], _p[i], rho);
                    (CumulativeExpected[i], CumulativeVariance[i]) = (e, v + e * e * cv2);
                    TotalCases += Observed[i];
                }
            }
        }

        public int Window { get; }
        public int[] Observed { get; }
        public double[] CumulativeExpected { get; }
        public double[] CumulativeVariance { get; }
        public int TotalCases { get; }
        public double TotalExpected => CumulativeExpected.Where((_, i) => i % Window == Window - 1).Sum();

        public double[] Cumulative(int[] y)
        {
            var result = new double[y.Length];
            for (var i = 0; i < y.Length; i++) result[i] = (i % Window == 0 ? 0 : result[i - 1]) + y[i];
            return result;
        }

        /// <summary>
        /// A world without outbreaks, as uncertain as the real one: each municipality's rate drawn from its learned rate's
        /// uncertainty (gamma, mean 1, CV² = RateCv2; one draw for all its days, as they share the rate), then each day
        /// beta-binomial around it. Without the first draw the simulated worlds would be tamer than the real one and every
        /// small town's imprecise baseline a cluster.
        /// </summary>
        public void Simulate(Random random, int[] into)
        {
            var multiplier = 1.0;
            for (var i = 0; i < _tests.Length; i++)
            {
                if (i % Window == 0)
                {
                    var cv2 = _rateCv2[i / Window];
                    multiplier = cv2 <= 1e-9 ? 1 : Gamma.Sample(random, 1 / cv2, 1 / cv2);
                }
                var (n, rho) = (_tests[i], _rho[i]);
                var p = Math.Min(0.95, _p[i] * multiplier);
                if (n == 0) { into[i] = 0; continue; }
                var share = rho <= 1e-9 ? p : Beta.Sample(random, p * (1 - rho) / rho, (1 - p) * (1 - rho) / rho);
                into[i] = BinomialSampler.Sample(random, share, n);
            }
        }
    }
}

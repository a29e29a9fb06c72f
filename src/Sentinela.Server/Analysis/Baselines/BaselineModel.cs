using MathNet.Numerics.Distributions;
using Sentinela.Geography;
using Sentinela.Server.Analysis.Counting;
using Sentinela.Server.Analysis.Detection;
using Sentinela.Server.Analysis.Scan;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis.Baselines;

/// <summary>
/// Expected abnormal shares learned from history, per municipality × condition, as of one day:
/// <list type="bullet">
/// <item>the baseline is the <see cref="BaselineOptions.BaselineDays"/> before a guard band of <see cref="BaselineOptions.GuardDays"/>;</item>
/// <item>day-of-week factors per state × condition (pooled, shrunk toward 1);</item>
/// <item>a log-linear trend per state × condition across the baseline, carried forward to today when it is significant
/// (Farrington's rule) and bounded, so a season on the rise is not mistaken for an outbreak;</item>
/// <item>a municipality's rate is shrunk toward its neighbours' pooled rate, which is shrunk toward the state's, which is
/// shrunk toward the configured prior — so a small town or a cold start borrows strength, a city speaks for itself;</item>
/// <item>days far from expectation (past outbreaks, broken feeds) are dropped and the rate learned again;</item>
/// <item>overdispersion as a beta-binomial intra-day correlation ρ (Var = n·p·(1−p)·(1+(n−1)·ρ)), estimated by moments
/// per state × condition and per municipality shrunk toward its state's — never assumed away.</item>
/// </list>
/// Pure: fitted from a <see cref="CountTable"/>, read by the detectors.
/// </summary>
public sealed class BaselineModel
{
    readonly BaselineOptions _options;
    readonly Dictionary<int, int> _index = [];
    readonly int[] _stateOf;
    readonly double[] _rate, _rho, _rateCv2; // [municipality index × conditions + condition]
    readonly Dictionary<int, StateBaseline> _states = [];

    sealed class StateBaseline
    {
        public readonly double[] Rate = new double[CountSlots.Conditions];
        public readonly double[] Rho = new double[CountSlots.Conditions];
        public readonly double[] DayOfWeek = Enumerable.Repeat(1.0, CountSlots.Conditions * 7).ToArray();
        /// <summary>Log-rate change per day (0 when not significant) and its variance, per condition.</summary>
        public readonly double[] Trend = new double[CountSlots.Conditions];
        public readonly double[] TrendVariance = new double[CountSlots.Conditions];
    }

    public int Today { get; }

    /// <summary>The baseline's middle day: where the trend factor is 1.</summary>
    readonly double _centre;

    /// <summary>First and last day of the baseline period.</summary>
    public (int First, int Last) Period { get; }

    BaselineModel(BaselineOptions options, int today, int[] municipalities, MunicipalityTable table)
    {
        (_options, Today) = (options, today);
        Period = (today - options.GuardDays - options.BaselineDays, today - options.GuardDays - 1);
        _centre = (Period.First + Period.Last) / 2.0;
        _stateOf = new int[municipalities.Length];
        for (var i = 0; i < municipalities.Length; i++)
        {
            _index[municipalities[i]] = i;
            _stateOf[i] = table.Find(municipalities[i])?.StateCode ?? municipalities[i] / 100_000;
        }
        _rate = new double[municipalities.Length * CountSlots.Conditions];
        _rho = new double[municipalities.Length * CountSlots.Conditions];
        _rateCv2 = new double[municipalities.Length * CountSlots.Conditions];
    }

    public static BaselineModel Fit(CountTable counts, int today, BaselineOptions options, MunicipalityTable table, Neighbourhood pool)
    {
        var municipalities = counts.Municipalities.Order().ToArray();
        var model = new BaselineModel(options, today, municipalities, table);
        foreach (var state in model._stateOf.Distinct()) model._states[state] = new StateBaseline();
        var (first, last) = model.Period;
        first = Math.Max(first, counts.FirstDay);
        foreach (var condition in Condition.All)
            new ConditionFit(model, counts, municipalities, condition, first, last, pool).Run();
        return model;
    }

    /// <summary>The abnormal share expected on <paramref name="day"/> (its weekday applied).</summary>
    public double Expected(int municipality, Condition condition, int day)
    {
        var c = CountSlots.Index(condition);
        var known = _index.TryGetValue(municipality, out var i);
        var state = known ? _stateOf[i] : municipality / 100_000;
        var rate = known ? _rate[i * CountSlots.Conditions + c] : StateRate(state, condition);
        var factor = _states.TryGetValue(state, out var s) ? s.DayOfWeek[c * 7 + AnalysisDay.DayOfWeek(day)] * TrendFactor(s, c, day) : 1;
        return Math.Clamp(rate * factor, 1e-6, 0.95);
    }

    double TrendFactor(StateBaseline state, int condition, int day)
    {
        var limit = Math.Log(_options.MaxTrendFactor);
        return Math.Exp(Math.Clamp(state.Trend[condition] * (day - _centre), -limit, limit));
    }

    /// <summary>The municipality's beta-binomial intra-day correlation for the condition.</summary>
    public double Rho(int municipality, Condition condition) =>
        _index.TryGetValue(municipality, out var i) ? _rho[i * CountSlots.Conditions + CountSlots.Index(condition)]
        : _states.TryGetValue(municipality / 100_000, out var s) ? s.Rho[CountSlots.Index(condition)] : _options.PriorRho;

    /// <summary>
    /// The squared coefficient of variation of the municipality's learned rate: how uncertain the expectation itself is.
    /// An expected count E over some days carries an extra variance E²·CV² — the whole window shares the one rate — which
    /// is what keeps a small town's handful of cases from looking like an outbreak just because its rate was learned from
    /// few tests. About p(1−p)(1+(n̄−1)ρ) / (exposure + prior tests) over p².
    /// </summary>
    public double RateCv2(int municipality, Condition condition)
    {
        if (_index.TryGetValue(municipality, out var i)) return _rateCv2[i * CountSlots.Conditions + CountSlots.Index(condition)];
        var rate = StateRate(municipality / 100_000, condition);
        return (1 - rate) / (rate * _options.PriorTests);
    }

    double StateRate(int state, Condition condition) =>
        _states.TryGetValue(state, out var s) ? s.Rate[CountSlots.Index(condition)] : _options.PriorRate(condition);

    /// <summary>Rounds of judging the days again after the first; the marks usually settle in two or three.</summary>
    const int OutlierRounds = 6;

    /// <summary>One condition's fit: passes over the baseline days until no more outlying days are dropped, then the final one.</summary>
    sealed class ConditionFit(BaselineModel model, CountTable counts, int[] municipalities, Condition condition, int first, int last, Neighbourhood pool)
    {
        readonly int _c = CountSlots.Index(condition);
        readonly int _tests = CountSlots.Tests(condition.Parameter), _abnormal = CountSlots.Abnormal(condition);
        readonly BaselineOptions _o = model._options;
        readonly int _days = Math.Max(0, last - first + 1);
        // Per municipality-day of the baseline (index i × days + day − first): tests, abnormal, dropped as outlying.
        int[] _n = [], _a = [];
        bool[] _dropped = [];
        // Per municipality: own abnormal and exposure (tests weighted by the day-of-week factor).
        double[] _y = [], _exposure = [];

        public void Run()
        {
            _n = new int[municipalities.Length * _days];
            _a = new int[municipalities.Length * _days];
            _dropped = new bool[municipalities.Length * _days];
            for (var i = 0; i < municipalities.Length; i++)
                for (var d = first; d <= last; d++)
                {
                    var row = counts.Row(municipalities[i], d);
                    (_n[i * _days + d - first], _a[i * _days + d - first]) = (row[_tests], row[_abnormal]);
                }
            // Outlying days inflate the first fit (its rate, weekday factors and overdispersion), so a large past outbreak
            // can hide itself behind the ρ it inflates. The first round judges the days with a ρ read from the median
            // residual, which an outbreak's days hardly move; each round after refits on the kept days and judges every
            // day afresh with the moment ρ of those days, so a long right tail that is overdispersion, dropped by the
            // median's too small a ρ, comes back. It stops when the kept days no longer change.
            Pass();
            _robust = [.. Enumerable.Range(0, municipalities.Length).Select(RobustFit)];
            var rho = _robust.Select(r => r.Rho).ToArray();
            var judged = JudgeDays(rho);
            _robust = null;
            for (var round = 0; round < OutlierRounds && judged; round++)
            {
                Pass();
                var currentStateRho = StateRho();
                rho = [.. Enumerable.Range(0, municipalities.Length).Select(i => MunicipalityRho(i, currentStateRho))];
                judged = JudgeDays(rho);
            }
            Pass();
            var stateRho = StateRho();
            foreach (var (state, s) in model._states) s.Rho[_c] = stateRho.GetValueOrDefault(state, _o.PriorRho);
            for (var i = 0; i < municipalities.Length; i++)
            {
                var at = i * CountSlots.Conditions + _c;
                model._rho[at] = MunicipalityRho(i, stateRho);
                var (rate, days) = (model._rate[at], Math.Max(1, DaysWithTests(i)));
                var dayTests = _exposure[i] / days;
                var trendCv2 = model._states[model._stateOf[i]].TrendVariance[_c] * Math.Pow(model.Today - model._centre, 2);
                model._rateCv2[at] = (1 - rate) * (1 + Math.Max(0, dayTests - 1) * model._rho[at]) / (rate * (_exposure[i] + _o.PriorTests)) + trendCv2;
            }
        }

        (int Tests, int Abnormal) At(int i, int day) => (_n[i * _days + day - first], _a[i * _days + day - first]);

        bool Dropped(int i, int day) => _dropped[i * _days + (day - first)];

        /// <summary>The day's weekday and trend factors: what a day's tests are weighed by against the municipality's rate.</summary>
        double Factor(int i, int day)
        {
            var state = model._states[model._stateOf[i]];
            return state.DayOfWeek[_c * 7 + AnalysisDay.DayOfWeek(day)] * model.TrendFactor(state, _c, day);
        }

        double Expected(int i, int day) =>
            Math.Clamp((_robust?[i].Rate ?? model._rate[i * CountSlots.Conditions + _c]) * Factor(i, day), 1e-6, 0.95);

        // The first judgement's rate and ρ per municipality (null after it).
        (double? Rate, double Rho)[]? _robust;

        void Pass()
        {
            var stateY = new Dictionary<int, double>();
            var stateN = new Dictionary<int, double>();
            var weekY = new Dictionary<int, double[]>();
            var weekN = new Dictionary<int, double[]>();
            for (var i = 0; i < municipalities.Length; i++)
            {
                var state = model._stateOf[i];
                if (!weekY.ContainsKey(state)) (weekY[state], weekN[state]) = (new double[7], new double[7]);
                for (var d = first; d <= last; d++)
                {
                    if (Dropped(i, d)) continue;
                    var (n, y) = At(i, d);
                    var trended = n * model.TrendFactor(model._states[state], _c, d);
                    stateY[state] = stateY.GetValueOrDefault(state) + y;
                    stateN[state] = stateN.GetValueOrDefault(state) + trended;
                    weekY[state][AnalysisDay.DayOfWeek(d)] += y;
                    weekN[state][AnalysisDay.DayOfWeek(d)] += trended;
                }
            }
            var prior = _o.PriorRate(condition);
            foreach (var (state, s) in model._states)
            {
                var (y, n) = (stateY.GetValueOrDefault(state), stateN.GetValueOrDefault(state));
                s.Rate[_c] = (y + _o.PriorTests * prior) / (n + _o.PriorTests);
                if (n == 0) continue;
                // Observed over expected per weekday, pulled toward 1 by pseudo-cases, then rescaled so the factors
                // average to 1 over the tests: the weekly pattern moves cases between days, not the rate.
                var k = _o.DayOfWeekPseudoCases;
                double weighted = 0;
                for (var w = 0; w < 7; w++)
                {
                    var f = (weekY[state][w] + k) / (weekN[state][w] * s.Rate[_c] + k);
                    s.DayOfWeek[_c * 7 + w] = f;
                    weighted += weekN[state][w] * f;
                }
                if (weighted > 0)
                    for (var w = 0; w < 7; w++) s.DayOfWeek[_c * 7 + w] *= n / weighted;
            }

            _y = new double[municipalities.Length];
            _exposure = new double[municipalities.Length];
            for (var i = 0; i < municipalities.Length; i++)
                for (var d = first; d <= last; d++)
                {
                    if (Dropped(i, d)) continue;
                    var (n, y) = At(i, d);
                    _y[i] += y;
                    _exposure[i] += n * Factor(i, d);
                }
            for (var i = 0; i < municipalities.Length; i++)
            {
                var stateRate = model._states[model._stateOf[i]].Rate[_c];
                // The municipality and its neighbours within PoolRadiusKm (none known: the state alone).
                double poolY = 0, poolExposure = 0;
                foreach (var (code, km) in pool.Of(municipalities[i]))
                    if (km <= _o.PoolRadiusKm && model._index.TryGetValue(code, out var j)) (poolY, poolExposure) = (poolY + _y[j], poolExposure + _exposure[j]);
                var pooled = (poolY + _o.PriorTests * stateRate) / (poolExposure + _o.PriorTests);
                model._rate[i * CountSlots.Conditions + _c] = (_y[i] + _o.PriorTests * pooled) / (_exposure[i] + _o.PriorTests);
            }
            if (_o.Trend) FitTrends();
        }

        /// <summary>
        /// Per state, the daily abnormal results of its kept municipality-days against what the rates and weekday factors
        /// expect, as a Poisson regression on the day with that expectation as offset (Newton's method on one
        /// parameter). The variance is inflated by the days' Pearson dispersion; a trend within
        /// <see cref="BaselineOptions.TrendMinZ"/> standard errors of zero is no trend. Written here because MathNet
        /// has no offset Poisson GLM, and one parameter needs only a few lines.
        /// </summary>
        void FitTrends()
        {
            foreach (var (state, s) in model._states)
            {
                var observed = new double[_days];
                var expected = new double[_days];
                for (var i = 0; i < municipalities.Length; i++)
                {
                    if (model._stateOf[i] != state) continue;
                    var rate = model._rate[i * CountSlots.Conditions + _c];
                    for (var d = first; d <= last; d++)
                    {
                        if (Dropped(i, d)) continue;
                        var (n, y) = At(i, d);
                        observed[d - first] += y;
                        expected[d - first] += n * rate * s.DayOfWeek[_c * 7 + AnalysisDay.DayOfWeek(d)];
                    }
                }
                double beta = 0, information = 0;
                for (var step = 0; step < 8; step++)
                {
                    double score = 0;
                    information = 0;
                    for (var k = 0; k < _days; k++)
                    {
                        var t = first + k - model._centre;
                        var mean = expected[k] * Math.Exp(beta * t);
                        score += (observed[k] - mean) * t;
                        information += mean * t * t;
                    }
                    if (information <= 0) break;
                    beta += score / information;
                }
                if (information <= 0 || !double.IsFinite(beta)) (s.Trend[_c], s.TrendVariance[_c]) = (0, 0);
                else
                {
                    double pearson = 0;
                    var days = 0;
                    for (var k = 0; k < _days; k++)
                    {
                        var mean = expected[k] * Math.Exp(beta * (first + k - model._centre));
                        if (mean <= 0) continue;
                        pearson += (observed[k] - mean) * (observed[k] - mean) / mean;
                        days++;
                    }
                    var variance = Math.Max(1, days > 2 ? pearson / (days - 2) : 1) / information;
                    var significant = Math.Abs(beta) >= _o.TrendMinZ * Math.Sqrt(variance);
                    (s.Trend[_c], s.TrendVariance[_c]) = significant ? (beta, variance) : (0, 0);
                }
            }
        }

        /// <summary>Method-of-moments ρ per state: Σ[(y − np)² − np(1−p)] / Σ[n(n−1)p(1−p)] over its municipality-days.</summary>
        Dictionary<int, double> StateRho()
        {
            var numerator = new Dictionary<int, double>();
            var denominator = new Dictionary<int, double>();
            for (var i = 0; i < municipalities.Length; i++)
            {
                var (r, w, _) = Moments(i);
                var state = model._stateOf[i];
                numerator[state] = numerator.GetValueOrDefault(state) + r;
                denominator[state] = denominator.GetValueOrDefault(state) + w;
            }
            return numerator.ToDictionary(e => e.Key, e => denominator[e.Key] > 0
                ? Math.Clamp(e.Value / denominator[e.Key], 0, _o.MaxRho) : _o.PriorRho);
        }

        double MunicipalityRho(int i, Dictionary<int, double> stateRho)
        {
            var state = stateRho.GetValueOrDefault(model._stateOf[i], _o.PriorRho);
            var (r, w, days) = Moments(i);
            if (days == 0 || w <= 0) return state;
            var prior = _o.RhoPseudoDays * w / days;
            return Math.Clamp((r + state * prior) / (w + prior), 0, _o.MaxRho);
        }

        int DaysWithTests(int i)
        {
            var days = 0;
            for (var d = first; d <= last; d++)
                if (At(i, d).Tests > 0 && !Dropped(i, d)) days++;
            return days;
        }

        (double R, double W, int Days) Moments(int i)
        {
            double r = 0, w = 0;
            var days = 0;
            for (var d = first; d <= last; d++)
            {
                var (n, y) = At(i, d);
                if (n < 2 || Dropped(i, d)) continue;
                var p = Expected(i, d);
                var binomial = n * p * (1 - p);
                r += (y - n * p) * (y - n * p) - binomial;
                w += (n - 1) * binomial;
                days++;
            }
            return (r, w, days);
        }

        /// <summary>
        /// Marks as outlying exactly the days whose count is as unlikely as <see cref="BaselineOptions.OutlierZ"/> standard
        /// deviations of a normal (one-sided) under the current fit — the exact beta-binomial tail with the municipality's
        /// ρ — and returns whether the marks changed. A normal cut-off would be wrong both ways: at a handful of expected
        /// cases it drops every day with two or three (a quarter of a small town's cases, biasing its rate down), and for a
        /// rare condition in a city it drops the long right tail that is overdispersion, not outbreaks (biasing ρ down, so
        /// ordinary spikes later look significant).
        /// </summary>
        bool JudgeDays(double[] rho)
        {
            var changed = false;
            var cutOff = Normal.CDF(0, 1, -_o.OutlierZ);
            for (var i = 0; i < municipalities.Length; i++)
                for (var d = first; d <= last; d++)
                {
                    var (n, y) = At(i, d);
                    var outlying = n > 0 && Outlying(n, y, Expected(i, d), rho[i], cutOff);
                    if (outlying == Dropped(i, d)) continue;
                    _dropped[i * _days + (d - first)] = outlying;
                    changed = true;
                }
            return changed;
        }

        static bool Outlying(int n, int y, double p, double rho, double cutOff)
        {
            var mean = n * p;
            // Within 2.5 sd no tail of these shapes is beyond 3 sd's probability: skip the exact sum.
            if (Math.Abs(y - mean) < 2.5 * Math.Sqrt(Expectations.Variance(n, p, rho))) return false;
            var tail = y > mean ? BetaBinomialMath.UpperTail(y, n, p, rho) : 1 - BetaBinomialMath.UpperTail(y + 1, n, p, rho);
            return tail < cutOff;
        }

        /// <summary>
        /// The first judgement's rate and ρ, read from medians an outbreak covering a minority of the days cannot move: the
        /// median of the days' shares (weekday-adjusted) when a day holds enough cases for a median to mean something,
        /// and ρ from the median squared Pearson residual over its χ²₁ median (0.4549). Only a starting point — on skewed
        /// counts the latter runs low, which the rounds after correct.
        /// </summary>
        (double? Rate, double Rho) RobustFit(int i)
        {
            var shares = new List<double>(_days);
            double tests = 0, expected = 0;
            for (var d = first; d <= last; d++)
            {
                var (n, y) = At(i, d);
                if (n < 2) continue;
                shares.Add(y / (n * Factor(i, d)));
                tests += n;
                expected += n * Expected(i, d);
            }
            if (shares.Count == 0) return (null, _o.PriorRho);
            double? rate = expected / shares.Count >= MinCasesForMedian ? Median(shares) : null;
            var squared = new List<double>(shares.Count);
            for (var d = first; d <= last; d++)
            {
                var (n, y) = At(i, d);
                if (n < 2) continue;
                var p = Math.Clamp((rate ?? model._rate[i * CountSlots.Conditions + _c]) * Factor(i, d), 1e-6, 0.95);
                squared.Add((y - n * p) * (y - n * p) / (n * p * (1 - p)));
            }
            var rho = (Median(squared) / 0.4549 - 1) / Math.Max(1, tests / shares.Count - 1);
            return (rate, Math.Clamp(rho, 0, _o.MaxRho));
        }

        const double MinCasesForMedian = 10;

        static double Median(List<double> values)
        {
            values.Sort();
            return values[values.Count / 2];
        }
    }
}

using Sentinela.Server.Analysis.Detection;

namespace Sentinela.Tests.Unit.Detection;

/// <summary>
/// The CUSUM against R's <c>surveillance::categoricalCUSUM</c> (Golden/cusum.csv), with <c>dfun</c> = dbinom and with the
/// beta-binomial dBB (gamlss.dist's parameterisation, sigma = ρ/(1−ρ)).
/// </summary>
public sealed class CusumReferenceTests
{
    static readonly IReadOnlyDictionary<string, SeriesDay[]> Series = GoldenFiles.Series();
    static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Parameters =
        GoldenFiles.Read("series-params.csv").ToDictionary(r => r["series"]);
    static readonly ILookup<string, IReadOnlyDictionary<string, string>> Runs =
        GoldenFiles.Read("cusum.csv").ToLookup(r => r["series"] + " " + r["dfun"]);

    public static TheoryData<string> RunKeys() => [.. Runs.Select(g => g.Key)];

    [Theory]
    [MemberData(nameof(RunKeys))]
    public void Log_likelihood_ratios_and_statistic_match_categoricalCUSUM_every_day(string key)
    {
        var (series, rows, rho, options) = Load(key);
        var llr = new double[series.Length];
        var statistic = new double[series.Length];

        CusumDetector.Run(series, rho, options, llr, statistic);

        for (var t = 0; t < series.Length; t++)
        {
            Tolerance.AssertClose(GoldenFiles.Number(rows[t]["llr"]), llr[t], 1e-9, 1e-12, $"{key} llr day {t + 1}");
            Tolerance.AssertClose(GoldenFiles.Number(rows[t]["statistic"]), statistic[t], 1e-9, 1e-12, $"{key} statistic day {t + 1}");
        }
    }

    [Theory]
    [MemberData(nameof(RunKeys))]
    public void With_reset_after_alarm_the_statistic_and_alarms_match_categoricalCUSUM(string key)
    {
        var (series, rows, rho, options) = Load(key);
        options = options with { ResetAfterAlarm = true };
        var statistic = new double[series.Length];

        CusumDetector.Run(series, rho, options, [], statistic);

        for (var t = 0; t < series.Length; t++)
        {
            Tolerance.AssertClose(GoldenFiles.Number(rows[t]["statistic_reset"]), statistic[t], 1e-9, 1e-12, $"{key} day {t + 1}");
            Assert.True(GoldenFiles.Flag(rows[t]["alarm_reset"]) == statistic[t] > options.Threshold, $"{key} alarm day {t + 1}");
        }
    }

    [Theory]
    [MemberData(nameof(RunKeys))]
    public void Detector_fed_the_series_up_to_each_day_reports_R_statistic_and_alarm(string key)
    {
        var (series, rows, rho, options) = Load(key);
        var detector = new CusumDetector(options);
        for (var t = 0; t < series.Length; t++)
        {
            var score = detector.Evaluate(series.AsSpan(0, t + 1), rho);
            if (series[t].Tests == 0)
            {
                Assert.True(double.IsNaN(score.Statistic));
                continue;
            }
            var expected = GoldenFiles.Number(rows[t]["statistic"]);
            Tolerance.AssertClose(expected, score.Statistic, 1e-9, 1e-12, $"{key} day {t + 1}");
            Assert.Equal(expected > options.Threshold, score.Alarm);
            Assert.InRange(score.PValue, 0, 1);
            Assert.InRange(score.WindowDays, 1, t + 1);
        }
    }

    static (SeriesDay[] Series, IReadOnlyDictionary<string, string>[] Rows, double Rho, CusumOptions Options) Load(string key)
    {
        var rows = Runs[key].OrderBy(r => GoldenFiles.Int(r["day"])).ToArray();
        var parameters = Parameters[rows[0]["series"]];
        var options = new CusumOptions
        {
            RelativeRisk = GoldenFiles.Number(parameters["relative_risk"]),
            Threshold = GoldenFiles.Number(parameters["h"]),
        };
        return (Series[rows[0]["series"]], rows, GoldenFiles.Number(rows[0]["rho"]), options);
    }
}

using Sentinela.Server.Analysis.Detection;

namespace Sentinela.Tests.Unit.Detection;

/// <summary>EARS against R's <c>surveillance::earsC</c> on the golden series (Golden/ears.csv).</summary>
public sealed class EarsReferenceTests
{
    static readonly IReadOnlyDictionary<string, SeriesDay[]> Series = GoldenFiles.Series();
    static readonly ILookup<string, IReadOnlyDictionary<string, string>> Runs =
        GoldenFiles.Read("ears.csv").ToLookup(Key);

    public static TheoryData<string> RunKeys() => [.. Runs.Select(g => g.Key)];

    // The product feeds EARS proportions; the count runs check the core alone.
    public static TheoryData<string> ProportionRunKeys() => [.. Runs.Where(g => g.First()["input"] == "proportions").Select(g => g.Key)];

    [Theory]
    [MemberData(nameof(RunKeys))]
    public void Core_reproduces_earsC_upperbound_and_alarm_on_every_golden_day(string key)
    {
        var rows = Runs[key].OrderBy(r => GoldenFiles.Int(r["day"])).ToArray();
        var first = rows[0];
        var values = Values(Series[first["series"]], first["input"]);
        Assert.Equal(rows.Select(r => GoldenFiles.Number(r["value"])), values);

        var days = EarsDetector.Compute(values, Options(first));

        for (var i = 0; i < rows.Length; i++)
        {
            Tolerance.AssertClose(GoldenFiles.Number(rows[i]["upperbound"]), days[i].UpperBound, 1e-9, context: $"{key} day {rows[i]["day"]}");
            Assert.True(GoldenFiles.Flag(rows[i]["alarm"]) == days[i].Alarm, $"{key} day {rows[i]["day"]}: R alarm {rows[i]["alarm"]}");
        }
    }

    [Theory]
    [MemberData(nameof(ProportionRunKeys))]
    public void Detector_fed_the_series_up_to_each_day_alarms_as_earsC_on_the_days_with_tests(string key)
    {
        var rows = Runs[key].ToArray();
        var options = Options(rows[0]);
        var detector = new EarsDetector(options);
        var series = Series[rows[0]["series"]];
        foreach (var row in rows)
        {
            var day = GoldenFiles.Int(row["day"]);
            var score = detector.Evaluate(series.AsSpan(0, day), rho: 0);
            var context = $"{key} day {day}";
            Assert.True(GoldenFiles.Flag(row["alarm"]) == score.Alarm, context);
            // What the policy reads agrees with the alarm: p below alpha exactly when it alarms.
            Assert.True(score.Alarm == score.PValue < options.EffectiveAlpha, $"{context}: p {score.PValue}");
            if (row["upperbound"] == "NA" && double.IsNaN(score.Statistic)) Assert.Equal(1, score.PValue);
        }
    }

    static double[] Values(SeriesDay[] series, string input) => input == "counts"
        ? [.. series.Select(d => (double)d.Abnormal)]
        : [.. series.Where(d => d.Tests > 0).Select(d => (double)d.Abnormal / d.Tests)];

    static EarsOptions Options(IReadOnlyDictionary<string, string> row) => new()
    {
        Method = Enum.Parse<EarsMethod>(row["method"]),
        Baseline = GoldenFiles.Int(row["baseline"]),
        Alpha = row["alpha"] == "default" ? null : GoldenFiles.Number(row["alpha"]),
        MinSigma = GoldenFiles.Number(row["min_sigma"]),
    };

    static string Key(IReadOnlyDictionary<string, string> row) =>
        string.Join(' ', row["series"], row["input"], row["method"], "B=" + row["baseline"], "alpha=" + row["alpha"], "minSigma=" + row["min_sigma"]);
}

using Sentinela.DetectionQuality.Generation;
using Sentinela.DetectionQuality.Running;
using Sentinela.Server.Hemograms;

namespace Sentinela.Tests.Analysis.DetectionQuality;

/// <summary>
/// The detection quality harness on a fixed-seed scenario: the generator produces what it claims, and the detection as
/// shipped keeps its quality floor.
/// </summary>
public sealed class DetectionQualityTests(QualityScenarioFixture fixture) : IClassFixture<QualityScenarioFixture>
{
    /// <summary>
    /// The floor each new engine must keep on this CI scenario, set by whoever adds the engine to
    /// <see cref="EngineConfigurations.All"/>: from its first runs here, below the goal (in brackets) by the sampling
    /// error of a scenario this small. The goal itself is measured on the documented scenario (docs/DETECTION.md).
    /// </summary>
    static class Floor
    {
        // Measured at commit 094e183 (Alpha 0.01): realistic goal stratum 92 % (12/13), 2.2 false alarms per
        // municipality-year, null-window hits 0 % (0/59), median 3.4 days; low ×3 stratum 50 % (4/8), 1.3 false alarms.
        // One false alarm more or less here is 0.43 per municipality-year, one ×3 outbreak 12 points.

        /// <summary>×2+, ≥ 7 days, ≥ 50 hemograms a weekday, realistic prevalence [goal 0.80].</summary>
        public const double RealisticGoalStratumSensitivity = 0.70;
        /// <summary>[goal 2].</summary>
        public const double RealisticFalseAlarmsPerMunicipalityYear = 3.5;
        /// <summary>[goal 0.10].</summary>
        public const double RealisticNullWindowHitRate = 0.15;
        /// <summary>[goal 2, not met: 3.3 days on the documented scenario].</summary>
        public const double RealisticMedianDaysToDetection = 4.5;
        /// <summary>×3, ≥ 7 days, ≥ 50 hemograms a weekday, low prevalence [goal 0.60, not met: 42 % on the documented scenario].</summary>
        public const double LowStrongStratumSensitivity = 0.35;
        /// <summary>[goal 2].</summary>
        public const double LowFalseAlarmsPerMunicipalityYear = 3;
    }

    QualityScenarioFixture.Level Realistic => fixture.Levels[PrevalenceLevel.Realistic];
    QualityScenarioFixture.Level Low => fixture.Levels[PrevalenceLevel.Low];

    [Fact]
    public void The_generated_background_has_each_conditions_prevalence()
    {
        foreach (var level in fixture.Levels.Values)
        {
            var history = level.Input.Hemograms.Where(h => h.CollectedAt < level.Truth.ScoredFrom).ToList();
            foreach (var condition in PrevalenceProfile.Conditions)
            {
                var expected = PrevalenceProfile.Rate(level.Truth.Scenario.Prevalence, condition);
                var share = history.Count(h => (h.AbnormalMask & condition.Bit) != 0) / (double)history.Count;
                // Municipalities' own rates vary around the condition's (log-normal), and a few large ones carry most hemograms.
                Assert.InRange(share / expected, 0.6, 1.6);
            }
        }
        Assert.InRange(Realistic.Truth.Municipalities.Max(m => m.WeekdayVolume), 399, 401);
        Assert.InRange(Realistic.Truth.Municipalities.Min(m => m.WeekdayVolume), 5.9, 6.1);
    }

    [Fact]
    public void Daily_shares_vary_more_than_binomial_sampling_and_weekends_dip()
    {
        var largest = Realistic.Truth.Municipalities.MaxBy(m => m.WeekdayVolume)!;
        var anaemia = new Condition(HemogramParameter.Hemoglobin, Direction.Low);
        var days = Realistic.Input.Hemograms
            .Where(h => h.MunicipalityCode == largest.Code && h.CollectedAt < Realistic.Truth.ScoredFrom)
            .GroupBy(h => DateOnly.FromDateTime(h.CollectedAt.ToOffset(TimeSpan.FromHours(-3)).DateTime))
            .Select(g => (Day: g.Key, Total: g.Count(), Share: g.Count(h => (h.AbnormalMask & anaemia.Bit) != 0) / (double)g.Count()))
            .ToList();
        var weekdays = days.Where(d => d.Day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).ToList();
        var mean = weekdays.Average(d => d.Share);
        var observedVariance = weekdays.Average(d => (d.Share - mean) * (d.Share - mean));
        var binomialVariance = weekdays.Average(d => mean * (1 - mean) / d.Total);

        Assert.True(observedVariance > 1.5 * binomialVariance, $"variance {observedVariance:g3} vs binomial {binomialVariance:g3}");
        Assert.True(days.Where(d => d.Day.DayOfWeek == DayOfWeek.Sunday).Average(d => d.Total) < 0.35 * weekdays.Average(d => d.Total));
    }

    [Fact]
    public void Injected_outbreaks_multiply_their_conditions_expected_count()
    {
        foreach (var level in fixture.Levels.Values)
        {
            var outbreaks = level.Truth.Outbreaks;
            Assert.Equal(0, level.Truth.OutbreaksNotPlaced);
            Assert.Equal(OutbreakPlanner.Multipliers.Length * OutbreakPlanner.Durations.Length * 2 * 3, outbreaks.Count);
            var expectedExtra = outbreaks.Sum(o => (o.Multiplier - 1) * o.BackgroundCases);
            Assert.InRange(outbreaks.Sum(o => o.ExtraCases) / expectedExtra, 0.85, 1.15);
        }
    }

    [Fact]
    public void The_shipped_detection_keeps_its_quality_floor()
    {
        var engine = EngineConfigurations.Shipped;
        var realistic = Realistic.Metrics[engine.Name];
        var low = Low.Metrics[engine.Name];
        // Every number in every message, so a failing run tells what moved and where the others stand.
        var measured = $"{engine.Name}: realistic goal stratum {realistic.GoalStratum}, {realistic.FalseAlarmsPerMunicipalityYear:0.0} false alarms " +
            $"per municipality-year, null-window hits {realistic.NullWindowHits}, median {realistic.MedianDaysToDetection:0.0} days; " +
            $"low ×3 stratum {low.StrongStratum}, {low.FalseAlarmsPerMunicipalityYear:0.0} false alarms per municipality-year";

        Assert.True(realistic.GoalStratum.Value >= Floor.RealisticGoalStratumSensitivity, measured);
        Assert.True(realistic.FalseAlarmsPerMunicipalityYear <= Floor.RealisticFalseAlarmsPerMunicipalityYear, measured);
        Assert.True(realistic.NullWindowHits.Value <= Floor.RealisticNullWindowHitRate, measured);
        Assert.True(realistic.MedianDaysToDetection <= Floor.RealisticMedianDaysToDetection, measured);
        Assert.True(low.StrongStratum.Value >= Floor.LowStrongStratumSensitivity, measured);
        Assert.True(low.FalseAlarmsPerMunicipalityYear <= Floor.LowFalseAlarmsPerMunicipalityYear, measured);
    }
}

using System.ComponentModel.DataAnnotations;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis.Baselines;

/// <summary>Sentinela:Analysis:Detection:Baseline — how expected abnormal shares are learned from history.</summary>
public sealed class BaselineOptions : IValidatableObject
{
    /// <summary>Days of history a baseline is learned from (8 weeks: enough weekdays for day-of-week factors).</summary>
    [Range(7, 365)] public int BaselineDays { get; set; } = 56;

    /// <summary>Days before today left out of the baseline, so an outbreak's first days do not raise its own expectation.</summary>
    [Range(0, 60)] public int GuardDays { get; set; } = 7;

    /// <summary>Weight of the prior, in tests: a municipality's own rate counts fully once it has many more tests than this.</summary>
    [Range(1, 1_000_000)] public double PriorTests { get; set; } = 200;

    /// <summary>Pseudo-cases that pull each day-of-week factor toward 1 until a state has the cases to show a weekly pattern.</summary>
    [Range(0, 1_000_000)] public double DayOfWeekPseudoCases { get; set; } = 20;

    /// <summary>Baseline days as unlikely as this many standard deviations of a normal (one-sided) are left out (past outbreaks, broken feeds).</summary>
    [Range(1.5, 20)] public double OutlierZ { get; set; } = 3;

    /// <summary>Whether a state's trend across the baseline is carried forward to today (when significant).</summary>
    public bool Trend { get; set; } = true;

    /// <summary>A trend counts when it is this many standard errors from zero (Farrington et al. 1996 keep it at p &lt; 0.05).</summary>
    [Range(0, 10)] public double TrendMinZ { get; set; } = 2;

    /// <summary>The most a trend may move an expectation from the baseline's middle day, either way (×1.5 or ÷1.5).</summary>
    [Range(1, 10)] public double MaxTrendFactor { get; set; } = 1.5;

    /// <summary>A small town's rate is shrunk toward the pooled rate of the municipalities within this distance.</summary>
    [Range(0, 500)] public double PoolRadiusKm { get; set; } = 50;

    /// <summary>Beta-binomial intra-day correlation assumed until a state has history to estimate it.</summary>
    [Range(0, 0.5)] public double PriorRho { get; set; } = 0.01;

    [Range(0, 0.9)] public double MaxRho { get; set; } = 0.3;

    /// <summary>Weight of the state's correlation in a municipality's, in days of that municipality's own data.</summary>
    [Range(0, 1000)] public double RhoPseudoDays { get; set; } = 14;

    /// <summary>Abnormal share per condition ("platelets-low") expected before any history exists (cold start).</summary>
    public Dictionary<string, double> PriorRates { get; set; } = [];

    /// <summary>The prior for a condition <see cref="PriorRates"/> does not name.</summary>
    [Range(1e-6, 0.9)] public double DefaultPriorRate { get; set; } = 0.05;

    public double PriorRate(Condition condition) => PriorRates.GetValueOrDefault(condition.ToString(), DefaultPriorRate);

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        var known = Condition.All.Select(c => c.ToString()).ToHashSet();
        foreach (var (name, rate) in PriorRates)
        {
            if (!known.Contains(name))
                yield return new($"PriorRates: unknown condition '{name}' (expected one of {string.Join(", ", known)}).");
            else if (rate is <= 0 or >= 1 || !double.IsFinite(rate))
                yield return new($"PriorRates: the rate of '{name}' must be between 0 and 1.");
        }
    }
}

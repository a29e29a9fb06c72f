using Sentinela.Server.Hemograms;

namespace Sentinela.DetectionQuality.Generation;

/// <summary>The background share of hemograms abnormal for each condition, at each <see cref="PrevalenceLevel"/>.</summary>
public static class PrevalenceProfile
{
    static Condition Low(HemogramParameter p) => new(p, Direction.Low);
    static Condition High(HemogramParameter p) => new(p, Direction.High);

    // Orders of magnitude from docs/DETECTION.md (laboratory prevalences); eosinophils cannot be low (the range starts at 0).
    static readonly Dictionary<Condition, double> RealisticRates = new()
    {
        [Low(HemogramParameter.Hemoglobin)] = 0.22,
        [High(HemogramParameter.Hemoglobin)] = 0.02,
        [High(HemogramParameter.Leukocytes)] = 0.15,
        [Low(HemogramParameter.Leukocytes)] = 0.05,
        [Low(HemogramParameter.Platelets)] = 0.08,
        [High(HemogramParameter.Platelets)] = 0.03,
        [Low(HemogramParameter.Hematocrit)] = 0.10,
        [High(HemogramParameter.Hematocrit)] = 0.02,
        [Low(HemogramParameter.Erythrocytes)] = 0.08,
        [High(HemogramParameter.Erythrocytes)] = 0.02,
        [High(HemogramParameter.Neutrophils)] = 0.10,
        [Low(HemogramParameter.Neutrophils)] = 0.04,
        [Low(HemogramParameter.Lymphocytes)] = 0.06,
        [High(HemogramParameter.Lymphocytes)] = 0.04,
        [High(HemogramParameter.Eosinophils)] = 0.06,
    };

    static readonly Dictionary<Condition, double> LowRates = new()
    {
        [Low(HemogramParameter.Hemoglobin)] = 0.03,
        [High(HemogramParameter.Hemoglobin)] = 0.005,
        [High(HemogramParameter.Leukocytes)] = 0.025,
        [Low(HemogramParameter.Leukocytes)] = 0.01,
        [Low(HemogramParameter.Platelets)] = 0.015,
        [High(HemogramParameter.Platelets)] = 0.005,
        [Low(HemogramParameter.Hematocrit)] = 0.02,
        [High(HemogramParameter.Hematocrit)] = 0.005,
        [Low(HemogramParameter.Erythrocytes)] = 0.015,
        [High(HemogramParameter.Erythrocytes)] = 0.005,
        [High(HemogramParameter.Neutrophils)] = 0.02,
        [Low(HemogramParameter.Neutrophils)] = 0.008,
        [Low(HemogramParameter.Lymphocytes)] = 0.01,
        [High(HemogramParameter.Lymphocytes)] = 0.008,
        [High(HemogramParameter.Eosinophils)] = 0.01,
    };

    /// <summary>
    /// The conditions outbreaks are injected into: the four the issue names (anaemia, leukocytosis, thrombocytopenia,
    /// leukopenia), neutrophilia (bacterial) and eosinophilia (parasitic): background rates from 5 % to 22 % at realistic
    /// prevalence, 1 % to 3 % at low.
    /// </summary>
    public static readonly IReadOnlyList<Condition> OutbreakConditions =
    [
        Low(HemogramParameter.Hemoglobin), High(HemogramParameter.Leukocytes), Low(HemogramParameter.Platelets),
        Low(HemogramParameter.Leukocytes), High(HemogramParameter.Neutrophils), High(HemogramParameter.Eosinophils),
    ];

    /// <summary>Every condition with a background rate (all but eosinophils low).</summary>
    public static IReadOnlyList<Condition> Conditions { get; } = [.. Condition.All.Where(RealisticRates.ContainsKey)];

    public static double Rate(PrevalenceLevel level, Condition condition) =>
        (level == PrevalenceLevel.Low ? LowRates : RealisticRates).GetValueOrDefault(condition);

    /// <summary>"platelets-low" back to the condition (the form <see cref="Condition.ToString"/> writes).</summary>
    public static Condition Parse(string text)
    {
        foreach (var condition in Condition.All)
            if (condition.ToString() == text) return condition;
        throw new FormatException($"Unknown condition '{text}'.");
    }
}

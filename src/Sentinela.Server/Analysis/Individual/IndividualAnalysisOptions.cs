using System.ComponentModel.DataAnnotations;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis.Individual;

/// <summary>Sentinela:Analysis:Individual — reference ranges and how deviations are graded.</summary>
public sealed class IndividualAnalysisOptions : IValidatableObject
{
    public const string Section = "Sentinela:Analysis:Individual";

    /// <summary>
    /// Ranges in canonical units (counts per µL, g/dL, %, 10⁶/µL). Entries with Sex/MinAgeYears/MaxAgeYears override the
    /// general range of their parameter for that group. Defaults are written in appsettings.json.
    /// </summary>
    public List<ReferenceRange> ReferenceRanges { get; set; } = [];

    /// <summary>Relative distance beyond the violated limit from which a finding is Moderate (0.10 = 10 %).</summary>
    [Range(0.0, 10.0)] public double ModerateDeviation { get; set; } = 0.10;

    /// <summary>Relative distance beyond the violated limit from which a finding is Severe.</summary>
    [Range(0.0, 10.0)] public double SevereDeviation { get; set; } = 0.30;

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        // Without a general range a parameter is never graded: every hemogram would say "findings: none" and nothing would warn.
        var ungraded = HemogramParameters.All.Where(p => !ReferenceRanges.Any(r => r.Parameter == p && r.Specificity == 0)).ToList();
        if (ungraded.Count > 0)
            yield return new ValidationResult(ReferenceRanges.Count == 0
                ? $"{Section}:ReferenceRanges is empty (is appsettings.json missing?); every parameter needs a range."
                : $"{Section}:ReferenceRanges has no general range (without Sex or age) for {string.Join(", ", ungraded)}.");
        foreach (var r in ReferenceRanges.Where(r => r.Low > r.High || r.Low < 0))
            yield return new ValidationResult($"Reference range for {r.Parameter} must have 0 <= Low <= High.");
        if (SevereDeviation < ModerateDeviation)
            yield return new ValidationResult("SevereDeviation must be >= ModerateDeviation.");
    }
}

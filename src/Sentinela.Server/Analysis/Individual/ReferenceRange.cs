using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis.Individual;

/// <summary>An inclusive normal interval in the parameter's canonical unit; optionally only for one sex and an age band.</summary>
public sealed class ReferenceRange
{
    public HemogramParameter Parameter { get; set; }
    public double Low { get; set; }
    public double High { get; set; }
    public Sex? Sex { get; set; }
    public int? MinAgeYears { get; set; }
    public int? MaxAgeYears { get; set; }

    public bool AppliesTo(Sex sex, int? ageYears) =>
        (Sex is null || Sex == sex)
        && (MinAgeYears is null || ageYears >= MinAgeYears)
        && (MaxAgeYears is null || ageYears <= MaxAgeYears);

    /// <summary>The more conditions a range has, the more specific it is; the most specific applicable one wins.</summary>
    public int Specificity => (Sex is null ? 0 : 2) + (MinAgeYears is null && MaxAgeYears is null ? 0 : 1);
}

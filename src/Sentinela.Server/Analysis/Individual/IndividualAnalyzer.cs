using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis.Individual;

/// <summary>Flags each measurement outside its reference range as a <see cref="Finding"/>. Pure and thread-safe.</summary>
public sealed class IndividualAnalyzer
{
    // Per parameter (by enum value), most specific first: an array walk with no per-call allocation.
    readonly ReferenceRange[][] _ranges;
    readonly double _moderate, _severe;

    public IndividualAnalyzer(IndividualAnalysisOptions options)
    {
        var byParameter = options.ReferenceRanges.OrderByDescending(r => r.Specificity).ToLookup(r => r.Parameter);
        _ranges = HemogramParameters.All.Select(p => byParameter[p].ToArray()).ToArray();
        (_moderate, _severe) = (options.ModerateDeviation, options.SevereDeviation);
    }

    public IReadOnlyList<Finding> Analyze(IReadOnlyList<Measurement> measurements, Sex sex, int? ageYears)
    {
        List<Finding>? findings = null;
        for (var i = 0; i < measurements.Count; i++)
        {
            var m = measurements[i];
            var range = RangeFor(m.Parameter, sex, ageYears);
            if (range is null || (m.Value >= range.Low && m.Value <= range.High)) continue;
            var (direction, limit) = m.Value < range.Low ? (Direction.Low, range.Low) : (Direction.High, range.High);
            (findings ??= []).Add(new Finding(m.Parameter, direction, m.Value, range.Low, range.High, Grade(m.Value, limit)));
        }
        return findings ?? (IReadOnlyList<Finding>)[];
    }

    public ReferenceRange? RangeFor(HemogramParameter parameter, Sex sex, int? ageYears)
    {
        foreach (var range in _ranges[(int)parameter])
            if (range.AppliesTo(sex, ageYears)) return range;
        return null;
    }

    FindingSeverity Grade(double value, double limit)
    {
        // A zero limit (eosinophils low) cannot be violated downwards; guard the division anyway.
        var deviation = limit == 0 ? double.PositiveInfinity : Math.Abs(value - limit) / limit;
        // Cut-offs are inclusive for values written with a few decimals: 10.8 g/dL is exactly 10 % below 12, even if the
        // binary quotient lands a hair under 0.10.
        const double tolerance = 1e-9;
        return deviation >= _severe - tolerance ? FindingSeverity.Severe
            : deviation >= _moderate - tolerance ? FindingSeverity.Moderate
            : FindingSeverity.Mild;
    }
}

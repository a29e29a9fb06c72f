using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis.Individual;

/// <summary>Flags each measurement outside its reference range as a <see cref="Finding"/>. Pure and thread-safe.</summary>
public sealed class IndividualAnalyzer
{
    readonly ILookup<HemogramParameter, ReferenceRange> _ranges;
    readonly double _moderate, _severe;

    public IndividualAnalyzer(IndividualAnalysisOptions options)
    {
        _ranges = options.ReferenceRanges.OrderByDescending(r => r.Specificity).ToLookup(r => r.Parameter);
        (_moderate, _severe) = (options.ModerateDeviation, options.SevereDeviation);
    }

    public IReadOnlyList<Finding> Analyze(IReadOnlyList<Measurement> measurements, Sex sex, int? ageYears)
    {
        List<Finding>? findings = null;
        foreach (var m in measurements)
        {
            var range = RangeFor(m.Parameter, sex, ageYears);
            if (range is null || (m.Value >= range.Low && m.Value <= range.High)) continue;
            var (direction, limit) = m.Value < range.Low ? (Direction.Low, range.Low) : (Direction.High, range.High);
            (findings ??= []).Add(new Finding(m.Parameter, direction, m.Value, range.Low, range.High, Grade(m.Value, limit)));
        }
        return findings ?? (IReadOnlyList<Finding>)[];
    }

    public ReferenceRange? RangeFor(HemogramParameter parameter, Sex sex, int? ageYears) =>
        _ranges[parameter].FirstOrDefault(r => r.AppliesTo(sex, ageYears));

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

using Sentinela.Server.Analysis.Individual;
using Sentinela.Server.Hemograms;

namespace Sentinela.DetectionQuality.Generation;

/// <summary>
/// Draws a value on the chosen side of the server's own reference range for the patient (normal: well inside it; low or
/// high: 5–50 % beyond the limit), rounded as a laboratory reports it, and checks the result with the server's
/// <see cref="IndividualAnalyzer"/>: what the generator calls abnormal is exactly what the server will find.
/// </summary>
public sealed class BloodValues(IndividualAnalyzer analyzer, Sampling sampling)
{
    public double Draw(HemogramParameter parameter, Direction? side, Sex sex, int age)
    {
        var range = analyzer.RangeFor(parameter, sex, age)
            ?? throw new InvalidOperationException($"The server has no reference range for {parameter}.");
        var value = side switch
        {
            null => range.Low + (range.High - range.Low) * (0.05 + 0.9 * sampling.Beta(0.5, 6)),
            Direction.Low when range.Low > 0 => range.Low * sampling.Uniform(0.5, 0.95),
            Direction.High => range.High * sampling.Uniform(1.05, 1.5),
            _ => throw new InvalidOperationException($"{parameter} cannot be low: its range starts at zero."),
        };
        return parameter switch
        {
            HemogramParameter.Hemoglobin or HemogramParameter.Hematocrit => Math.Round(value, 1),
            HemogramParameter.Erythrocytes => Math.Round(value, 2),
            _ => Math.Round(value),
        };
    }

    /// <summary>The server's verdict on the values must be the intended mask, or the scenario would not mean what its truth says.</summary>
    public void Check(double[] values, Sex sex, int age, uint intendedMask)
    {
        var measurements = HemogramParameters.All.Select(p => new Measurement(p, values[(int)p])).ToList();
        var found = Hemogram.MaskOf(analyzer.Analyze(measurements, sex, age));
        if (found != intendedMask)
            throw new InvalidOperationException($"Generated values graded {found:x} by the server, intended {intendedMask:x}.");
    }
}

using Sentinela.Geography;

namespace Sentinela.Simulator.Generation;

/// <summary>
/// A running outbreak: its scenario, resolved municipality and how many hemograms it has produced so far.
/// Counters are updated by the generating thread and may be read from another (progress reporting).
/// </summary>
public sealed class OutbreakProgress(OutbreakScenario scenario, Municipality municipality)
{
    long _hemograms;
    long _abnormal;

    public OutbreakScenario Scenario { get; } = scenario;
    public Municipality Municipality { get; } = municipality;

    /// <summary>Hemograms from the municipality while the outbreak was active.</summary>
    public long Hemograms => Interlocked.Read(ref _hemograms);

    /// <summary>Of those, the ones the outbreak made abnormal.</summary>
    public long Abnormal => Interlocked.Read(ref _abnormal);

    public bool IsActiveAt(TimeSpan elapsed) => Scenario.IsActiveAt(elapsed, Hemograms);

    public string DescribeAt(TimeSpan elapsed)
    {
        var state = IsActiveAt(elapsed) ? "active" : Scenario.HasStartedAt(elapsed) ? "ended" : $"starts at {Durations.Format(Scenario.Start)}";
        var definition = ParameterDefinition.For(Scenario.Parameter);
        return $"{definition.Name} {Scenario.Direction.ToString().ToLowerInvariant()} in {Municipality.Name}/{Municipality.State.Abbreviation} "
            + $"({Municipality.IbgeCode}): {state}, {Hemograms} hemograms, {Abnormal} made abnormal";
    }

    internal void Record(bool madeAbnormal)
    {
        Interlocked.Increment(ref _hemograms);
        if (madeAbnormal) Interlocked.Increment(ref _abnormal);
    }
}

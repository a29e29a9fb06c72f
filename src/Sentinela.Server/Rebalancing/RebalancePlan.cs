namespace Sentinela.Server.Rebalancing;

/// <summary>How many connections an instance should ask to move: pure arithmetic, so it is tested directly.</summary>
public static class RebalancePlan
{
    /// <summary>
    /// Zero unless this instance holds more than the average by over <see cref="RebalancingOptions.Tolerance"/> and by
    /// at least <see cref="RebalancingOptions.MinimumExcess"/>; then its excess over the average, at most
    /// <see cref="RebalancingOptions.MaxShedShare"/> of its connections (never the ones that would bring it below average,
    /// so instances shedding together do not overshoot).
    /// </summary>
    public static int ToShed(int mine, IReadOnlyList<int> everyInstance, RebalancingOptions options)
    {
        if (everyInstance.Count < 2 || mine <= 0) return 0;
        var average = everyInstance.Sum(c => (long)c) / (double)everyInstance.Count;
        var excess = mine - average;
        if (mine <= average * (1 + options.Tolerance) || excess < options.MinimumExcess) return 0;
        var cap = Math.Max(1, (int)Math.Floor(mine * options.MaxShedShare));
        return Math.Min((int)Math.Floor(excess), cap);
    }
}

using static Sentinela.DetectionQuality.Running.EngineConfiguration;

namespace Sentinela.DetectionQuality.Running;

/// <summary>
/// The detector setups compared side by side. To add one, append an <see cref="EngineConfiguration"/> to <see cref="All"/>:
/// a name, the <c>--set</c> overrides that select and tune it (<c>Sentinela:Analysis:Backtest:Engine</c> picks the engine),
/// and optionally the knob to sweep for the comparison at a matched false-alarm rate.
/// </summary>
public static class EngineConfigurations
{
    const string Collective = "Sentinela:Analysis:Collective";

    /// <summary>The old rules exactly as shipped: radius circles, municipality and state windows against a fixed 5 % null.</summary>
    public static readonly EngineConfiguration Legacy = new("Old rules", [Set(EngineKey, "Legacy")]);

    /// <summary>
    /// The old rules with their p-value cut-off moved until their false alarms match the target: the knob that buys them the
    /// most sensitivity at 2 false alarms per municipality-year at realistic prevalence (raising the share threshold does
    /// worse, and does nothing at low prevalence). 1e-12 is the smallest the options accept.
    /// </summary>
    public static readonly EngineConfiguration LegacyPValue = Legacy with
    {
        Name = "Old rules, p-value tuned",
        Knob = new Knob("MaxPValue", [$"{Collective}:MaxPValue"], [1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12]),
    };

    /// <summary>The old rules with their fixed null (5 % as shipped) moved instead: at low prevalence, lowering it is what lets them alert at all.</summary>
    public static readonly EngineConfiguration LegacyNull = Legacy with
    {
        Name = "Old rules, null tuned",
        Knob = new Knob("BaselineProportion", [$"{Collective}:BaselineProportion"], [0.01, 0.02, 0.03, 0.05, 0.08, 0.1, 0.15, 0.2, 0.25]),
    };

    public static IReadOnlyList<EngineConfiguration> All { get; } = [Legacy, LegacyPValue, LegacyNull];
}

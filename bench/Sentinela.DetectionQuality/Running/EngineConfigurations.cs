using static Sentinela.DetectionQuality.Running.EngineConfiguration;

namespace Sentinela.DetectionQuality.Running;

/// <summary>
/// The detector setups compared side by side. To add one, append an <see cref="EngineConfiguration"/> to <see cref="All"/>:
/// a name, the <c>--set</c> overrides that select and tune it, and optionally the knob to sweep for the comparison at a
/// matched false-alarm rate. Every setup runs the server's own baseline model and alert lifecycle; the single-detector
/// setups switch off the others and open the policy gate (Alpha 1), so each detector's own threshold decides, as the
/// field compares detectors (Hutwagner 2005). The old rules (radius and sliding windows against a fixed 5 % null) were
/// measured by this harness before they were removed; their numbers are in docs/DETECTION.md.
/// </summary>
public static class EngineConfigurations
{
    const string Detection = "Sentinela:Analysis:Detection";

    static readonly KeyValuePair<string, string?>[] NoScan = [Set($"{Detection}:Scan:Enabled", "false")];
    static readonly KeyValuePair<string, string?>[] NoTemporal = [Set($"{Detection}:TemporalDetectors", "")];
    static readonly KeyValuePair<string, string?>[] OpenGate = [Set($"{Detection}:Alpha", "1"), Set($"{Detection}:RedAlpha", "0.01")];

    static KeyValuePair<string, string?>[] Only(string detector) => [.. NoScan, Set($"{Detection}:TemporalDetectors", detector), .. OpenGate];

    /// <summary>What ships: the settings in appsettings.json, nothing overridden.</summary>
    public static readonly EngineConfiguration Shipped = new("Shipped policy", []);

    /// <summary>The shipped combination with its significance level moved to the matched false-alarm rate.</summary>
    public static readonly EngineConfiguration ShippedAlpha = Shipped with
    {
        Name = "Shipped policy (alpha tuned)",
        Knob = new Knob("Alpha", [$"{Detection}:Alpha"], [0.05, 0.01, 0.003, 0.001, 3e-4, 1e-4]),
    };

    public static readonly EngineConfiguration Scan = new("Space-time scan", [.. NoTemporal], new Knob("Alpha", [$"{Detection}:Alpha"],
        [0.05, 0.01, 0.003, 0.001, 3e-4]));

    public static readonly EngineConfiguration Cusum = new("Beta-binomial CUSUM", Only("Cusum"), new Knob("h", [$"{Detection}:Cusum:Threshold"],
        [2, 3, 4, 5, 6, 8, 10, 13]));

    public static readonly EngineConfiguration Ewma = new("EWMA", Only("Ewma"), new Knob("alarm p", [$"{Detection}:Ewma:AlarmPValue"],
        [1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7]));

    public static readonly EngineConfiguration EarsC1 = new("EARS C1", Only("EarsC1"), new Knob("alpha", [$"{Detection}:Ears:Alpha"],
        [1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8]));

    public static readonly EngineConfiguration EarsC3 = new("EARS C3", Only("EarsC3"), new Knob("alpha", [$"{Detection}:Ears:Alpha"],
        [0.025, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8]));

    public static IReadOnlyList<EngineConfiguration> All { get; } = [Shipped, ShippedAlpha, Scan, Cusum, Ewma, EarsC1, EarsC3];
}

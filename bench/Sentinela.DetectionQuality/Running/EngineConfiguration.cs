namespace Sentinela.DetectionQuality.Running;

/// <summary>
/// A named detector setup the harness runs: configuration overrides, exactly as <c>sentinela-server backtest --set</c> takes
/// them, on top of the server's appsettings.json; with a <see cref="Knob"/>, it is also compared at a matched false-alarm rate.
/// </summary>
public sealed record EngineConfiguration(string Name, IReadOnlyList<KeyValuePair<string, string?>> Settings, Knob? Knob = null)
{
    public static KeyValuePair<string, string?> Set(string key, string value) => new(key, value);
}

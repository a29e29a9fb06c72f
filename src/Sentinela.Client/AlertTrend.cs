namespace Sentinela.Client;

/// <summary>Whether the excess is growing: observed/expected of the last days against the days before.</summary>
public enum AlertTrend
{
    Stable,
    Rising,
    Falling,
}

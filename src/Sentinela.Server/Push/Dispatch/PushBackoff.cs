namespace Sentinela.Server.Push.Dispatch;

/// <summary>Retry delays 1, 2, 4, 8, 16 s… (doubling from 1 s), each moved up to ±20 % so retries of one batch spread out.</summary>
public static class PushBackoff
{
    public const double Jitter = 0.2;

    /// <param name="retry">1 for the first retry.</param>
    /// <param name="unit">A uniform random number in [0, 1).</param>
    public static TimeSpan Delay(int retry, double unit)
    {
        var nominal = TimeSpan.FromSeconds(Math.Pow(2, Math.Clamp(retry, 1, 20) - 1));
        return nominal * (1 + Jitter * (2 * unit - 1));
    }
}

using System.Globalization;

namespace Sentinela.DetectionQuality.Scoring;

/// <summary>k of n, with its Wilson 95 % interval: with a few dozen outbreaks per stratum the interval is the honest part.</summary>
public readonly record struct Rate(int Hits, int Total)
{
    public double? Value => Total == 0 ? null : (double)Hits / Total;

    public (double Low, double High)? Interval
    {
        get
        {
            if (Total == 0) return null;
            const double z = 1.959964;
            double n = Total, p = (double)Hits / Total;
            var centre = (p + z * z / (2 * n)) / (1 + z * z / n);
            var half = z * Math.Sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n);
            return (Math.Max(0, centre - half), Math.Min(1, centre + half));
        }
    }

    /// <summary>"62 % (31/50)", or "–" when nothing was in the stratum.</summary>
    public override string ToString() => Value is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v * 100:0} % ({Hits}/{Total})") : "–";

    /// <summary>"62 % (31/50; 48–74)".</summary>
    public string WithInterval() => Interval is { } ci
        ? string.Create(CultureInfo.InvariantCulture, $"{Value * 100:0} % ({Hits}/{Total}; {ci.Low * 100:0}–{ci.High * 100:0})")
        : "–";
}

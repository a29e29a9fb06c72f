namespace Sentinela.Server.Analysis.Detection;

/// <summary>Parameters of <see cref="EwmaDetector"/>; the defaults are ESSENCE's (CDC NSSP, as in <c>Rnssp::alert_ewma</c>).</summary>
public sealed record EwmaOptions
{
    /// <summary>
    /// Smoothing weight λ of today's residual. Default 0.4, ESSENCE's weight for gradual events (0.3–0.5 recommended;
    /// ESSENCE's second weight, 0.9, approximates C2).
    /// </summary>
    public double Lambda { get; init; } = 0.4;

    /// <summary>
    /// The p-value below which <see cref="TemporalScore.Alarm"/> is set. Default 0.01, ESSENCE's red; yellow
    /// (0.01 ≤ p &lt; 0.05) and any other grading are the alert policy's, from the p-value.
    /// </summary>
    public double AlarmPValue { get; init; } = 0.01;
}

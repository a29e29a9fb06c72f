namespace Sentinela.Server.Analysis.Detection;

/// <summary>Parameters of <see cref="EarsDetector"/>; the defaults are those of R's <c>surveillance::earsC</c>, which are CDC's.</summary>
public sealed record EarsOptions
{
    /// <summary>C1, C2 or C3. Default C1 (earsC's default).</summary>
    public EarsMethod Method { get; init; } = EarsMethod.C1;

    /// <summary>Days in the moving baseline (earsC <c>baseline</c>, default 7; at least 3 as in earsC).</summary>
    public int Baseline { get; init; } = 7;

    /// <summary>
    /// One-sided false-alarm level; the threshold is the normal quantile z(1 − alpha). Null takes earsC's default for the
    /// method, CDC's choice: 0.001 for C1 and C2 (z ≈ 3.09), 0.025 for C3 (z ≈ 1.96).
    /// </summary>
    public double? Alpha { get; init; }

    /// <summary>
    /// Floor of the baseline standard deviation (earsC <c>minSigma</c>, default 0). Without it a flat baseline has sd 0 and
    /// any rise alarms; Burkom suggests 0.5–1 for sparse counts. In the product EARS reads daily proportions, so a floor
    /// is a proportion (e.g. 0.02).
    /// </summary>
    public double MinSigma { get; init; }

    internal double EffectiveAlpha => Alpha ?? (Method == EarsMethod.C3 ? 0.025 : 0.001);

    // Days before today the baseline ends: C1 uses t−B..t−1; C2 and C3 skip a 2-day guard band (t−B−2..t−3).
    internal int Lag => Method == EarsMethod.C1 ? 0 : 2;

    // The shortest series whose last day can be judged: earsC's first monitored index (B+1, B+3, B+5).
    internal int MinimumLength => Baseline + 1 + Lag + (Method == EarsMethod.C3 ? 2 : 0);
}

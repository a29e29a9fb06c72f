namespace Sentinela.Server.Analysis.Detection;

/// <summary>The CDC EARS variants (Hutwagner et al. 2005), as in R's <c>surveillance::earsC</c>.</summary>
public enum EarsMethod
{
    /// <summary>Today against the mean and sd of the 7 days before it (C1-MILD).</summary>
    C1,

    /// <summary>C1 with a 2-day guard band: the baseline ends 3 days before today (C2-MEDIUM).</summary>
    C2,

    /// <summary>Built on C2 over today and the 2 days before (C3-HIGH); see <see cref="EarsDetector"/> for R's bound.</summary>
    C3,
}

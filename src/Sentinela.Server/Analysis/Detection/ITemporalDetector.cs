namespace Sentinela.Server.Analysis.Detection;

/// <summary>A temporal aberration detector over one region × condition series of daily tests and abnormal results.</summary>
public interface ITemporalDetector
{
    string Name { get; }

    /// <summary>Judges the last day of <paramref name="series"/>.</summary>
    /// <param name="series">Oldest first; the last element is today. Days with Tests == 0 carry no information.</param>
    /// <param name="rho">Beta-binomial intra-day correlation (0 = binomial).</param>
    /// <exception cref="ArgumentOutOfRangeException">A day has negative tests, abnormal outside 0..tests, a day with tests has an
    /// expected proportion outside (0, 1), or <paramref name="rho"/> is outside [0, 1).</exception>
    TemporalScore Evaluate(ReadOnlySpan<SeriesDay> series, double rho);
}

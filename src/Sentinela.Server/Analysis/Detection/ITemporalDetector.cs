namespace Sentinela.Server.Analysis.Detection;

public interface ITemporalDetector
{
    string Name { get; }

    /// <param name="series">Oldest first; the last element is today. Days with Tests == 0 carry no information.</param>
    /// <param name="rho">Beta-binomial intra-day correlation (0 = binomial).</param>
    TemporalScore Evaluate(ReadOnlySpan<SeriesDay> series, double rho);
}

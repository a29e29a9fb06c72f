namespace Sentinela.Server.Analysis.Outbreaks;

/// <summary>Which method produced the signal behind an alert version.</summary>
public enum DetectorKind
{
    SpaceTimeScan,
    Cusum,
    Ewma,
    EarsC1,
    EarsC2,
    EarsC3,
    FeedSilence,
}

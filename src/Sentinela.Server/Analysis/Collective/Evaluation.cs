namespace Sentinela.Server.Analysis.Collective;

/// <summary>A detector's verdict on one area for one condition: the statistics, whether they trigger, and the abnormal cases behind them.</summary>
public sealed record Evaluation(
    DetectorKind Detector,
    WindowStatistics Statistics,
    bool Triggered,
    IReadOnlyList<IndexedHemogram> AbnormalCases);

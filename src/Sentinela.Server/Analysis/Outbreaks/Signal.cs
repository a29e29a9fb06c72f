using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis.Outbreaks;

/// <summary>
/// A detector's finding that passed the policy: an excess of <paramref name="Condition"/> in these municipalities over the
/// last <paramref name="WindowDays"/> days, with its p-value corrected for the search (conditions × windows, or the scan's
/// Monte Carlo maximum × conditions) and, for scan clusters, the recurrence interval.
/// </summary>
public sealed record Signal(
    Condition Condition,
    DetectorKind Detector,
    IReadOnlyList<int> Municipalities,
    int WindowDays,
    double PValue,
    double? RecurrenceIntervalDays);

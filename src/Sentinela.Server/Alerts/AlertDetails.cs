using Sentinela.Server.Alerts.Workflow;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Alerts;

/// <summary>
/// An alert with its version history, the de-identified hemograms behind it, what managers did about it (oldest first)
/// and its workflow clock.
/// </summary>
public sealed record AlertDetails(OutbreakAlert Alert, IReadOnlyList<OutbreakAlert> History, IReadOnlyList<EvidenceItem> Evidence,
    IReadOnlyList<AlertHandling>? Handling = null, AlertClock? Clock = null);

/// <summary>
/// One contributing hemogram as shown to a health manager: no person, only place (and which part of the submission
/// located it), time, lab, the value, and where it stands (final, preliminary, or retracted by the laboratory since).
/// </summary>
public sealed record EvidenceItem(
    Guid HemogramId,
    DateTimeOffset CollectedAt,
    int MunicipalityCode,
    double Latitude,
    double Longitude,
    string? Lab,
    Sex Sex,
    string? AgeBand,
    double? Value,
    string Unit,
    LocationSource LocationSource = LocationSource.Unknown,
    HemogramStatus Status = HemogramStatus.Final,
    int Version = 1);

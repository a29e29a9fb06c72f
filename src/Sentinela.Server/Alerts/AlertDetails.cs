using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Alerts;

/// <summary>An alert with its version history, the de-identified hemograms behind it and what managers did about it (oldest first).</summary>
public sealed record AlertDetails(OutbreakAlert Alert, IReadOnlyList<OutbreakAlert> History, IReadOnlyList<EvidenceItem> Evidence,
    IReadOnlyList<AlertHandling>? Handling = null);

/// <summary>One contributing hemogram as shown to a health manager: no person, only place, time, lab and the value.</summary>
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
    string Unit);

using Sentinela.Geography;

namespace Sentinela.Server.Hemograms;

/// <summary>
/// A de-identified hemogram as stored: no name, CPF, street address or birth date — only the municipality,
/// a coarse coordinate, sex and age band, the lab, the values and a salted hash of the source identity. Versioned: an
/// amended or corrected result, a late analyte of the same specimen or report, or a retraction makes a new version of
/// the same hemogram (same id), whose earlier versions the store keeps for audit.
/// </summary>
public sealed record Hemogram
{
    public required Guid Id { get; init; }
    /// <summary>Keyed hash of the first result's identity; equal keys are the same submission.</summary>
    public required string SourceKey { get; init; }
    public string? Lab { get; init; }
    public required int MunicipalityCode { get; init; }
    public required int StateCode { get; init; }
    public required GeoPoint Location { get; init; }
    public Sex Sex { get; init; }
    public string? AgeBand { get; init; }
    public required DateTimeOffset CollectedAt { get; init; }
    /// <summary>When the first version arrived (the laboratory's delivery, for feed-silence counts).</summary>
    public required DateTimeOffset ReceivedAt { get; init; }
    public required IReadOnlyList<Measurement> Measurements { get; init; }
    public IReadOnlyList<Finding> Findings { get; init; } = [];
    /// <summary>Store order, assigned when durable.</summary>
    public long Sequence { get; init; }

    /// <summary>One bit per abnormal <see cref="Condition"/>, kept so the index is rebuilt without re-grading.</summary>
    public uint AbnormalMask { get; init; }

    /// <summary>1 for the first version; each amendment, merge or retraction adds one.</summary>
    public int Version { get; init; } = 1;

    public HemogramStatus Status { get; init; } = HemogramStatus.Final;

    /// <summary>Which part of the submission placed it (docs/API.md, "Location").</summary>
    public LocationSource LocationSource { get; init; }

    /// <summary>One bit per parameter reported absent (dataAbsentReason) and measured by no other result of this hemogram.</summary>
    public uint AbsentMask { get; init; }

    /// <summary>Keyed hash of what later analytes of the same draw share (specimen, report, document); null when none.</summary>
    public string? GroupKey { get; init; }

    /// <summary>The laboratory account that submitted it (null for hemograms stored before accounts were recorded, or imported without one).</summary>
    public Guid? Submitter { get; init; }

    /// <summary>When this version was stored (null for a first version: <see cref="ReceivedAt"/>).</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Whether this version's count is in the analysis counters (a retracted one, or an uncounted preliminary, is not).</summary>
    public bool Counted { get; init; } = true;

    /// <summary>Hash of what the first result contributed, for a hemogram of one result (see <see cref="HemogramMember.ContentHash"/>).</summary>
    public string? ContentHash { get; init; }

    readonly IReadOnlyList<HemogramMember>? _members;

    /// <summary>
    /// The results behind this version. A hemogram of one result whose content never changed keeps none explicitly: its one
    /// member is itself (key, content hash, values).
    /// </summary>
    public IReadOnlyList<HemogramMember> Members
    {
        get => _members is { Count: > 0 } ? _members : [ImplicitMember()];
        init => _members = value is { Count: > 0 } ? value : null;
    }

    /// <summary>Whether the members are kept explicitly (several results, or a revised one) and so must be stored.</summary>
    public bool HasExplicitMembers => _members is { Count: > 0 };

    HemogramMember ImplicitMember() => new(SourceKey, ContentHash ?? "", Status switch
    {
        HemogramStatus.Preliminary => ResultStatus.Preliminary,
        HemogramStatus.Retracted => ResultStatus.Retracted,
        _ => ResultStatus.Final,
    }, Measurements, Findings, AbsentMask, [ContentHash ?? ""]);

    public static uint MaskOf(IEnumerable<Finding> findings) => findings.Aggregate(0u, (mask, f) => mask | f.Condition.Bit);

    public double? ValueOf(HemogramParameter parameter)
    {
        foreach (var m in Measurements)
            if (m.Parameter == parameter) return m.Value;
        return null;
    }
}

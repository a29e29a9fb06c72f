using Sentinela.Geography;

namespace Sentinela.Server.Hemograms;

/// <summary>
/// A de-identified hemogram as stored: no name, CPF, street address or birth date — only the municipality,
/// a coarse coordinate, sex and age band, the lab, the values and a salted hash of the source identity.
/// </summary>
public sealed record Hemogram
{
    public required Guid Id { get; init; }
    /// <summary>Salted SHA-256 of the source Observation identity; equal keys are the same submission.</summary>
    public required string SourceKey { get; init; }
    public string? Lab { get; init; }
    public required int MunicipalityCode { get; init; }
    public required int StateCode { get; init; }
    public required GeoPoint Location { get; init; }
    public Sex Sex { get; init; }
    public string? AgeBand { get; init; }
    public required DateTimeOffset CollectedAt { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required IReadOnlyList<Measurement> Measurements { get; init; }
    public IReadOnlyList<Finding> Findings { get; init; } = [];
    /// <summary>Store order, assigned when durable.</summary>
    public long Sequence { get; init; }

    /// <summary>One bit per abnormal <see cref="Condition"/>, kept so the index is rebuilt without re-grading.</summary>
    public uint AbnormalMask { get; init; }

    public static uint MaskOf(IEnumerable<Finding> findings) => findings.Aggregate(0u, (mask, f) => mask | f.Condition.Bit);

    public double? ValueOf(HemogramParameter parameter)
    {
        foreach (var m in Measurements)
            if (m.Parameter == parameter) return m.Value;
        return null;
    }
}

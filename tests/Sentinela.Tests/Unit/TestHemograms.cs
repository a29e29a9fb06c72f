using Sentinela.Geography;
using Sentinela.Server.Hemograms;

namespace Sentinela.Tests.Unit;

/// <summary>Stored-shape hemograms built directly, with the abnormal mask the test decides (not re-graded).</summary>
internal static class TestHemograms
{
    /// <summary>A hemogram with only a platelet count; <paramref name="low"/> marks it platelets-low.</summary>
    public static Hemogram Platelets(
        double plateletsPerMicrolitre, bool low, GeoPoint at, Municipality municipality, DateTimeOffset collectedAt, string? lab = "lab-1")
    {
        IReadOnlyList<Finding> findings = low
            ? [new Finding(HemogramParameter.Platelets, Direction.Low, plateletsPerMicrolitre, 150_000, 450_000, FindingSeverity.Severe)]
            : [];
        return new Hemogram
        {
            Id = Guid.NewGuid(),
            SourceKey = Guid.NewGuid().ToString("N"),
            Lab = lab,
            MunicipalityCode = municipality.IbgeCode,
            StateCode = municipality.StateCode,
            Location = at,
            CollectedAt = collectedAt,
            ReceivedAt = collectedAt,
            Measurements = [new Measurement(HemogramParameter.Platelets, plateletsPerMicrolitre)],
            Findings = findings,
            AbnormalMask = Hemogram.MaskOf(findings),
        };
    }

    public static Finding Low(HemogramParameter p, double value) => new(p, Direction.Low, value, 0, 0, FindingSeverity.Mild);

    public static Finding High(HemogramParameter p, double value) => new(p, Direction.High, value, 0, 0, FindingSeverity.Mild);
}

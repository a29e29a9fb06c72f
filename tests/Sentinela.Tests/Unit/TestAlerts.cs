using Sentinela.Geography;
using Sentinela.Server.Alerts;
using Sentinela.Server.Analysis.Collective;
using Sentinela.Server.Hemograms;

namespace Sentinela.Tests.Unit;

/// <summary>Outbreak alerts for geometry tests: only the area matters.</summary>
internal static class TestAlerts
{
    public static OutbreakAlert Circle(Municipality centre, double radiusKm) =>
        With(new AlertArea(AreaKind.Circle, centre.Centroid, radiusKm, centre.StateCode, BrazilianState.FromCode(centre.StateCode).Abbreviation,
            centre.IbgeCode, centre.Name));

    public static OutbreakAlert State(Municipality any) =>
        With(new AlertArea(AreaKind.State, any.Centroid, 300, any.StateCode, BrazilianState.FromCode(any.StateCode).Abbreviation, null, null));

    static OutbreakAlert With(AlertArea area)
    {
        var now = DateTimeOffset.UnixEpoch;
        return new OutbreakAlert
        {
            Id = Guid.NewGuid(),
            Version = 1,
            Status = AlertStatus.Active,
            Detector = DetectorKind.Radius,
            Parameter = HemogramParameter.Platelets,
            Direction = Direction.Low,
            Severity = AlertSeverity.Moderate,
            Area = area,
            Statistics = new AlertStatistics(50, 10, 0.2, null, null, 0, 0, null, null, 0.05, 0.001, now, now, "10^3/uL"),
            FirstCaseAt = now,
            RaisedAt = now,
            UpdatedAt = now,
            ReportingLabs = [],
            EvidenceCount = 0,
            Headline = "",
            SuggestedAction = "",
        };
    }
}

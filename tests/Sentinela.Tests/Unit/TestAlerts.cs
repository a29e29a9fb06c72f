using Sentinela.Geography;
using Sentinela.Server.Alerts;
using Sentinela.Server.Analysis.Outbreaks;
using Sentinela.Server.Hemograms;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Unit;

/// <summary>Outbreak alerts for geometry, storage and wire tests: only the area (and what a test sets) matters.</summary>
internal static class TestAlerts
{
    /// <summary>An alert covering the centre and every municipality of the reference table whose centroid lies within the radius.</summary>
    public static OutbreakAlert Circle(Municipality centre, double radiusKm) =>
        Of([centre.IbgeCode, .. ReferenceData.Municipalities.All
            .Where(m => m.IbgeCode != centre.IbgeCode && m.Centroid.DistanceKm(centre.Centroid) <= radiusKm)
            .OrderBy(m => m.Centroid.DistanceKm(centre.Centroid)).Select(m => m.IbgeCode)]);

    /// <summary>An alert covering these municipalities, the first being its core.</summary>
    public static OutbreakAlert Of(IReadOnlyList<int> municipalities)
    {
        var now = DateTimeOffset.UnixEpoch;
        var statistics = new AlertStatistics(20, 5, 15, 4, 200, 0.1, 0.025, 0.001, 1000, now, now, AlertTrend.Rising, 2);
        var area = AlertArea.Of(municipalities, ReferenceData.Municipalities, 10);
        return new OutbreakAlert
        {
            Id = Guid.NewGuid(),
            Version = 1,
            Status = AlertStatus.Active,
            Detector = DetectorKind.SpaceTimeScan,
            Parameter = HemogramParameter.Platelets,
            Direction = Direction.Low,
            Severity = AlertSeverity.Moderate,
            Area = area,
            Statistics = statistics,
            RaisedAt = now,
            UpdatedAt = now,
            ReportingLabs = [],
            EvidenceCount = 0,
            Headline = AlertText.Headline(AlertType.Outbreak, AlertStatus.Active, new Condition(HemogramParameter.Platelets, Direction.Low), area, statistics),
            SuggestedAction = "",
        };
    }
}

using Sentinela.Client;

namespace Sentinela.BareSignalR;

/// <summary>An event shaped like Sentinela's <c>alert</c> (an outbreak in Contagem/MG), about 1 KB of JSON.</summary>
public static class BareEvents
{
    public static AlertEvent Alert(long sequence, DateTimeOffset now) => new()
    {
        Sequence = sequence,
        EventType = AlertEventTypes.Raised,
        Attempt = 1,
        Alert = new OutbreakAlert
        {
            Id = Guid.NewGuid(),
            Version = 1,
            Sequence = sequence,
            Type = AlertType.Outbreak,
            Status = AlertStatus.Active,
            Detector = DetectorKind.SpaceTimeScan,
            Parameter = HemogramParameter.Platelets,
            Direction = Direction.Low,
            Severity = AlertSeverity.High,
            Area = new AlertArea
            {
                Kind = AreaKind.Municipality,
                Centre = new GeoPoint { Latitude = -19.93, Longitude = -44.05 },
                RadiusKm = 10,
                StateCode = 31,
                StateAbbreviation = "MG",
                MunicipalityCode = 3118601,
                MunicipalityName = "Contagem",
                Municipalities = [3118601, 3106200, 3154606],
            },
            Statistics = new AlertStatistics
            {
                Observed = 23, Expected = 4.1, Excess = 18.9, Ratio = 5.6, Tests = 40, Proportion = 0.575, ExpectedProportion = 0.1,
                PValue = 0.00001, RecurrenceIntervalDays = 3650, WindowStart = now.AddDays(-1), WindowEnd = now,
                Trend = AlertTrend.Rising, TrendRatio = 2.3,
            },
            RaisedAt = now,
            UpdatedAt = now,
            ReportingLabs = ["Laboratório Carga"],
            EvidenceCount = 23,
            Headline = "Surto detectado: 23 casos de plaquetas baixas nas últimas 24 h em Contagem/MG (esperados 4,1)",
            SuggestedAction = "Notificar a vigilância epidemiológica municipal, investigar casos de dengue e arboviroses, revisar a coleta.",
        },
    };
}

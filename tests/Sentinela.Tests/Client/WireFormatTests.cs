using System.Text;
using System.Text.Json;
using MessagePack;
using MessagePack.Resolvers;
using Microsoft.AspNetCore.SignalR;
using Sentinela.Client;
using Sentinela.Server;
using Geo = Sentinela.Geography;
using ServerAlerts = Sentinela.Server.Alerts;
using ServerOutbreaks = Sentinela.Server.Analysis.Outbreaks;
using ServerHemograms = Sentinela.Server.Hemograms;

namespace Sentinela.Tests.Client;

/// <summary>The SDK's DTOs read what the server writes, over both hub protocols, whatever the enum encoding.</summary>
public sealed class WireFormatTests
{
    static readonly Guid AlertId = Guid.Parse("01a205b4-5d2e-4b8f-9f1c-3c3a2f6f0b11");
    static readonly DateTimeOffset WindowStart = new(2025, 3, 1, 0, 0, 0, TimeSpan.FromHours(-3));
    static readonly DateTimeOffset Raised = new(2025, 3, 2, 14, 3, 12, TimeSpan.Zero);
    static readonly DateTimeOffset Updated = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);
    const string Headline = "Surto detectado: 48 casos de plaquetas baixas em Contagem/MG e mais 1 município de 01/03 a 03/03, 12 esperados (4,0×)";

    const string JsonPayload = """
        {
          "sequence": 17,
          "eventType": "updated",
          "replayed": true,
          "attempt": 2,
          "unknownEnvelopeField": { "nested": [1, 2, 3] },
          "alert": {
            "id": "01a205b4-5d2e-4b8f-9f1c-3c3a2f6f0b11", "version": 3, "sequence": 17, "type": "outbreak",
            "status": "active", "detector": "cusum", "parameter": "platelets", "direction": "low",
            "severity": "critical",
            "area": { "kind": "cluster", "centre": { "latitude": -19.93, "longitude": -44.05, "isValid": true },
                      "radiusKm": 25, "stateCode": 31, "stateAbbreviation": "MG", "municipalityCode": 3118601,
                      "municipalityName": "Contagem", "municipalities": [3118601, 3106200],
                      "portugueseName": "Contagem/MG e mais 1 município" },
            "statistics": { "observed": 48, "expected": 12, "excess": 36, "ratio": 4, "tests": 120, "proportion": 0.4,
                            "expectedProportion": 0.1, "pValue": 1E-09, "recurrenceIntervalDays": null,
                            "windowStart": "2025-03-01T00:00:00-03:00", "windowEnd": "2025-03-03T09:00:00+00:00",
                            "trend": "rising", "trendRatio": 2.5, "someNewStatistic": 3.5 },
            "raisedAt": "2025-03-02T14:03:12+00:00",
            "updatedAt": "2025-03-03T09:00:00+00:00", "resolvedAt": null,
            "reportingLabs": ["lab-a", "lab-b"], "evidenceCount": 48,
            "headline": "Surto detectado: 48 casos de plaquetas baixas em Contagem/MG e mais 1 município de 01/03 a 03/03, 12 esperados (4,0×)",
            "suggestedAction": "Investigar casos de dengue grave."
          }
        }
        """;

    [Fact]
    public void Json_alert_event_reads_camelCase_names_and_enum_strings_and_ignores_unknown_fields()
    {
        var e = JsonSerializer.Deserialize<AlertEvent>(JsonPayload, SentinelaWireFormat.JsonOptions)!;

        Assert.Equal(17, e.Sequence);
        Assert.Equal(AlertEventTypes.Updated, e.EventType);
        Assert.True(e.Replayed);
        Assert.Equal(2, e.Attempt);
        AssertSampleAlert(e.Alert);
    }

    [Fact]
    public void Json_enums_are_read_in_PascalCase_and_as_numbers_too()
    {
        var pascal = JsonPayload.Replace("\"active\"", "\"Active\"").Replace("\"critical\"", "\"Critical\"");
        var numbers = JsonPayload.Replace("\"resolvedAt\": null", "\"resolvedAt\": null, \"status\": 1")
            .Replace("\"status\": \"active\", ", "").Replace("\"severity\": \"critical\"", "\"severity\": 1");
        var options = SentinelaWireFormat.JsonOptions;

        var fromPascal = JsonSerializer.Deserialize<AlertEvent>(pascal, options)!.Alert;
        var fromNumbers = JsonSerializer.Deserialize<AlertEvent>(numbers, options)!.Alert;

        Assert.Equal((AlertStatus.Active, AlertSeverity.Critical), (fromPascal.Status, fromPascal.Severity));
        Assert.Equal((AlertStatus.Resolved, AlertSeverity.High), (fromNumbers.Status, fromNumbers.Severity));
    }

    [Fact]
    public void MessagePack_contractless_payload_with_PascalCase_names_and_enum_ordinals_deserializes()
    {
        var payload = new
        {
            Sequence = 17L,
            EventType = "updated",
            Alert = new
            {
                Id = AlertId,
                Version = 3,
                Sequence = 17L,
                Status = 0,
                Detector = 1,
                Parameter = 2,
                Direction = 0,
                Severity = 2,
                Area = new
                {
                    Kind = 1,
                    Centre = new { Latitude = -19.93, Longitude = -44.05, IsValid = true },
                    RadiusKm = 25.0,
                    StateCode = 31,
                    StateAbbreviation = "MG",
                    MunicipalityCode = 3118601,
                    MunicipalityName = "Contagem",
                    Municipalities = new[] { 3118601, 3106200 },
                    PortugueseName = "Contagem/MG e mais 1 município",
                },
                Statistics = new
                {
                    Observed = 48,
                    Expected = 12.0,
                    Excess = 36.0,
                    Ratio = 4.0,
                    Tests = 120,
                    Proportion = 0.4,
                    ExpectedProportion = 0.1,
                    PValue = 1e-9,
                    RecurrenceIntervalDays = (double?)null,
                    WindowStart,
                    WindowEnd = Updated,
                    Trend = 1,
                    TrendRatio = 2.5,
                },
                RaisedAt = Raised,
                UpdatedAt = Updated,
                ResolvedAt = (DateTimeOffset?)null,
                ReportingLabs = new[] { "lab-a", "lab-b" },
                EvidenceCount = 48,
                Headline,
                SuggestedAction = "Investigar casos de dengue grave.",
            },
            Replayed = true,
            Attempt = 2,
            SomethingNewer = "ignored",
        };
        var bytes = MessagePackSerializer.Serialize(payload, ContractlessStandardResolver.Options);

        var e = MessagePackSerializer.Deserialize<AlertEvent>(bytes, SentinelaWireFormat.MessagePackOptions);

        Assert.Equal((17L, AlertEventTypes.Updated, true, 2), (e.Sequence, e.EventType, e.Replayed, e.Attempt));
        AssertSampleAlert(e.Alert);
    }

    [Fact]
    public void MessagePack_as_the_server_sends_it_with_SignalRs_default_resolver_enum_names_deserializes()
    {
        var bytes = MessagePackSerializer.Serialize(ServerSample(), new MessagePackHubProtocolOptions().SerializerOptions);

        var alert = MessagePackSerializer.Deserialize<OutbreakAlert>(bytes, SentinelaWireFormat.MessagePackOptions);

        AssertSampleAlert(alert);
    }

    [Fact]
    public void MessagePack_of_the_servers_alert_with_enum_ordinals_deserializes()
    {
        var bytes = MessagePackSerializer.Serialize(ServerSample(), ContractlessStandardResolver.Options);

        var alert = MessagePackSerializer.Deserialize<OutbreakAlert>(bytes, SentinelaWireFormat.MessagePackOptions);

        AssertSampleAlert(alert);
    }

    [Fact]
    public void Json_as_the_servers_hub_writes_it_deserializes()
    {
        var hubOptions = new JsonHubProtocolOptions().PayloadSerializerOptions;
        SentinelaJson.Configure(hubOptions);
        var json = JsonSerializer.Serialize(ServerSample(), hubOptions);

        var alert = JsonSerializer.Deserialize<OutbreakAlert>(json, SentinelaWireFormat.JsonOptions)!;

        AssertSampleAlert(alert);
    }

    [Fact]
    public void An_unknown_enum_name_fails_loudly_rather_than_reading_as_the_first_value()
    {
        var bytes = MessagePackSerializer.Serialize(new { Severity = "Catastrophic" }, ContractlessStandardResolver.Options);

        Assert.Throws<MessagePackSerializationException>(() =>
            MessagePackSerializer.Deserialize<OutbreakAlert>(bytes, SentinelaWireFormat.MessagePackOptions));
    }

    [Fact]
    public void Heartbeat_and_resume_result_read_from_both_protocols()
    {
        var heartbeat = new { ServerTime = Updated, LastSequence = 99L };
        var resume = new { FromSequence = 10L, LastSequence = 99L, Replayed = 0, ReloadRequired = true };
        var json = SentinelaWireFormat.JsonOptions;
        var pack = SentinelaWireFormat.MessagePackOptions;

        Assert.Equal(new Heartbeat { ServerTime = Updated, LastSequence = 99 },
            JsonSerializer.Deserialize<Heartbeat>("""{"serverTime":"2025-03-03T09:00:00+00:00","lastSequence":99}""", json));
        Assert.Equal(new Heartbeat { ServerTime = Updated, LastSequence = 99 },
            MessagePackSerializer.Deserialize<Heartbeat>(MessagePackSerializer.Serialize(heartbeat, ContractlessStandardResolver.Options), pack));
        var expected = new ResumeResult { FromSequence = 10, LastSequence = 99, Replayed = 0, ReloadRequired = true };
        Assert.Equal(expected,
            JsonSerializer.Deserialize<ResumeResult>("""{"fromSequence":10,"lastSequence":99,"replayed":0,"reloadRequired":true}""", json));
        Assert.Equal(expected,
            MessagePackSerializer.Deserialize<ResumeResult>(MessagePackSerializer.Serialize(resume, ContractlessStandardResolver.Options), pack));
    }

    [Fact]
    public void Watch_area_is_written_as_the_hub_expects_camelCase_json_without_nulls_and_PascalCase_msgpack()
    {
        var area = WatchArea.ForCircle(-19.93, -44.05, 50, [AlertEventTypes.Raised]);

        var json = JsonSerializer.Serialize(area, SentinelaWireFormat.JsonOptions);
        var pack = MessagePackSerializer.ConvertToJson(MessagePackSerializer.Serialize(area, SentinelaWireFormat.MessagePackOptions));

        Assert.Equal("""{"latitude":-19.93,"longitude":-44.05,"radiusKm":50,"eventTypes":["raised"]}""", json);
        using var doc = JsonDocument.Parse(pack);
        Assert.Equal(-19.93, doc.RootElement.GetProperty("Latitude").GetDouble());
        Assert.Equal(50, doc.RootElement.GetProperty("RadiusKm").GetDouble());
        Assert.Equal("raised", doc.RootElement.GetProperty("EventTypes")[0].GetString());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("State").ValueKind);
    }

    static void AssertSampleAlert(OutbreakAlert alert)
    {
        Assert.Equal(AlertId, alert.Id);
        Assert.Equal(3, alert.Version);
        Assert.Equal(17, alert.Sequence);
        Assert.Equal(AlertType.Outbreak, alert.Type);
        Assert.Equal(AlertStatus.Active, alert.Status);
        Assert.Equal(DetectorKind.Cusum, alert.Detector);
        Assert.Equal(HemogramParameter.Platelets, alert.Parameter);
        Assert.Equal(Direction.Low, alert.Direction);
        Assert.Equal(AlertSeverity.Critical, alert.Severity);
        Assert.Equal(AreaKind.Cluster, alert.Area.Kind);
        Assert.Equal(new GeoPoint { Latitude = -19.93, Longitude = -44.05 }, alert.Area.Centre);
        Assert.Equal(25, alert.Area.RadiusKm);
        Assert.Equal((31, "MG", 3118601, "Contagem"),
            (alert.Area.StateCode, alert.Area.StateAbbreviation, alert.Area.MunicipalityCode, alert.Area.MunicipalityName));
        Assert.Equal([3118601, 3106200], alert.Area.Municipalities);
        var s = alert.Statistics;
        Assert.Equal((48, 12.0, 36.0, 4.0, 120), (s.Observed, s.Expected, s.Excess, s.Ratio, s.Tests));
        Assert.Equal((0.4, 0.1, 1e-9), (s.Proportion, s.ExpectedProportion, s.PValue));
        Assert.Null(s.RecurrenceIntervalDays);
        Assert.Equal((WindowStart, Updated), (s.WindowStart, s.WindowEnd));
        Assert.Equal(TimeSpan.FromHours(-3), s.WindowStart.Offset);
        Assert.Equal((AlertTrend.Rising, 2.5), (s.Trend, s.TrendRatio));
        Assert.Equal(Raised, alert.RaisedAt);
        Assert.Equal(Updated, alert.UpdatedAt);
        Assert.Null(alert.ResolvedAt);
        Assert.Equal(["lab-a", "lab-b"], alert.ReportingLabs);
        Assert.Equal(48, alert.EvidenceCount);
        Assert.Equal(Headline, alert.Headline);
        Assert.Equal("Investigar casos de dengue grave.", alert.SuggestedAction);
    }

    /// <summary>The sample as the server's own type, so a change on either side shows up here.</summary>
    static ServerAlerts.OutbreakAlert ServerSample() => new()
    {
        Id = AlertId,
        Version = 3,
        Sequence = 17,
        Status = ServerAlerts.AlertStatus.Active,
        Detector = ServerOutbreaks.DetectorKind.Cusum,
        Parameter = ServerHemograms.HemogramParameter.Platelets,
        Direction = ServerHemograms.Direction.Low,
        Severity = ServerAlerts.AlertSeverity.Critical,
        Area = new ServerAlerts.AlertArea(ServerAlerts.AreaKind.Cluster, new Geo.GeoPoint(-19.93, -44.05), 25, 31, "MG", 3118601, "Contagem",
            [3118601, 3106200]),
        Statistics = new ServerAlerts.AlertStatistics(48, 12, 36, 4, 120, 0.4, 0.1, 1e-9, null, WindowStart, Updated,
            ServerAlerts.AlertTrend.Rising, 2.5),
        RaisedAt = Raised,
        UpdatedAt = Updated,
        ReportingLabs = ["lab-a", "lab-b"],
        EvidenceCount = 48,
        Headline = Headline,
        SuggestedAction = "Investigar casos de dengue grave.",
    };
}

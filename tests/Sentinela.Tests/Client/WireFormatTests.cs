using System.Text;
using System.Text.Json;
using MessagePack;
using MessagePack.Resolvers;
using Microsoft.AspNetCore.SignalR;
using Sentinela.Client;
using Sentinela.Server;
using Geo = Sentinela.Geography;
using ServerAlerts = Sentinela.Server.Alerts;
using ServerCollective = Sentinela.Server.Analysis.Collective;
using ServerHemograms = Sentinela.Server.Hemograms;

namespace Sentinela.Tests.Client;

/// <summary>The SDK's DTOs read what the server writes, over both hub protocols, whatever the enum encoding.</summary>
public sealed class WireFormatTests
{
    static readonly Guid AlertId = Guid.Parse("01a205b4-5d2e-4b8f-9f1c-3c3a2f6f0b11");
    static readonly DateTimeOffset FirstCase = new(2025, 3, 1, 8, 15, 0, TimeSpan.FromHours(-3));
    static readonly DateTimeOffset Raised = new(2025, 3, 2, 14, 3, 12, TimeSpan.Zero);
    static readonly DateTimeOffset Updated = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);
    const string Headline = "Plaquetas baixas acima do esperado: raio de 50 km em torno de Contagem/MG";

    const string JsonPayload = """
        {
          "sequence": 17,
          "eventType": "updated",
          "replayed": true,
          "attempt": 2,
          "unknownEnvelopeField": { "nested": [1, 2, 3] },
          "alert": {
            "id": "01a205b4-5d2e-4b8f-9f1c-3c3a2f6f0b11", "version": 3, "sequence": 17,
            "status": "active", "detector": "municipalityWindow", "parameter": "platelets", "direction": "low",
            "severity": "critical",
            "area": { "kind": "circle", "centre": { "latitude": -19.93, "longitude": -44.05, "isValid": true },
                      "radiusKm": 50, "stateCode": 31, "stateAbbreviation": "MG", "municipalityCode": 3118601,
                      "municipalityName": "Contagem", "portugueseName": "raio de 50 km em torno de Contagem/MG" },
            "statistics": { "total": 120, "abnormal": 48, "proportion": 0.4, "mean": 98000.5, "standardDeviation": null,
                            "previousTotal": 100, "previousAbnormal": 12, "previousProportion": 0.12,
                            "referenceProportion": 0.05, "pValue": 1E-09,
                            "windowStart": "2025-02-24T00:00:00+00:00", "windowEnd": "2025-03-03T00:00:00+00:00",
                            "unit": "10*3/uL", "someNewStatistic": 3.5 },
            "firstCaseAt": "2025-03-01T08:15:00-03:00", "raisedAt": "2025-03-02T14:03:12+00:00",
            "updatedAt": "2025-03-03T09:00:00+00:00", "resolvedAt": null,
            "reportingLabs": ["lab-a", "lab-b"], "evidenceCount": 48,
            "headline": "Plaquetas baixas acima do esperado: raio de 50 km em torno de Contagem/MG",
            "suggestedAction": "Investigar casos de dengue grave.",
            "condition": { "parameter": "platelets", "direction": "low" }
          }
        }
        """;

    [Fact]
    public void Json_alert_event_reads_camelCase_names_and_enum_strings_and_ignores_unknown_fields()
    {
        var e = JsonSerializer.Deserialize<AlertEvent>(JsonPayload, SentinelaWireFormat.CreateJsonOptions())!;

        Assert.Equal(17, e.Sequence);
        Assert.Equal(AlertEventTypes.Updated, e.EventType);
        Assert.True(e.Replayed);
        Assert.Equal(2, e.Attempt);
        AssertSampleAlert(e.Alert, DetectorKind.MunicipalityWindow, mean: 98000.5);
        Assert.Null(e.Alert.Statistics.StandardDeviation);
        Assert.Null(e.Alert.Statistics.PreviousMean); // absent: keeps its default
    }

    [Fact]
    public void Json_enums_are_read_in_PascalCase_and_as_numbers_too()
    {
        var pascal = JsonPayload.Replace("\"active\"", "\"Active\"").Replace("\"critical\"", "\"Critical\"");
        var numbers = JsonPayload.Replace("\"resolvedAt\": null", "\"resolvedAt\": null, \"status\": 1")
            .Replace("\"status\": \"active\", ", "").Replace("\"severity\": \"critical\"", "\"severity\": 1");
        var options = SentinelaWireFormat.CreateJsonOptions();

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
                    Kind = 0,
                    Centre = new { Latitude = -19.93, Longitude = -44.05, IsValid = true },
                    RadiusKm = 50.0,
                    StateCode = 31,
                    StateAbbreviation = "MG",
                    MunicipalityCode = (int?)3118601,
                    MunicipalityName = "Contagem",
                    PortugueseName = "raio de 50 km em torno de Contagem/MG",
                },
                Statistics = new
                {
                    Total = 120,
                    Abnormal = 48,
                    Proportion = 0.4,
                    Mean = (double?)98000.5,
                    StandardDeviation = (double?)null,
                    PreviousTotal = 100,
                    PreviousAbnormal = 12,
                    PreviousProportion = (double?)0.12,
                    PreviousMean = (double?)null,
                    ReferenceProportion = 0.05,
                    PValue = 1e-9,
                    WindowStart = new DateTimeOffset(2025, 2, 24, 0, 0, 0, TimeSpan.Zero),
                    WindowEnd = new DateTimeOffset(2025, 3, 3, 0, 0, 0, TimeSpan.Zero),
                    Unit = "10*3/uL",
                },
                FirstCaseAt = FirstCase,
                RaisedAt = Raised,
                UpdatedAt = Updated,
                ResolvedAt = (DateTimeOffset?)null,
                ReportingLabs = new[] { "lab-a", "lab-b" },
                EvidenceCount = 48,
                Headline,
                SuggestedAction = "Investigar casos de dengue grave.",
                Condition = new { Parameter = 2, Direction = 0 },
            },
            Replayed = true,
            Attempt = 2,
            SomethingNewer = "ignored",
        };
        var bytes = MessagePackSerializer.Serialize(payload, ContractlessStandardResolver.Options);

        var e = MessagePackSerializer.Deserialize<AlertEvent>(bytes, SentinelaWireFormat.MessagePackOptions);

        Assert.Equal((17L, AlertEventTypes.Updated, true, 2), (e.Sequence, e.EventType, e.Replayed, e.Attempt));
        AssertSampleAlert(e.Alert, DetectorKind.MunicipalityWindow, mean: 98000.5);
    }

    [Fact]
    public void MessagePack_as_the_server_sends_it_with_SignalRs_default_resolver_enum_names_deserializes()
    {
        var bytes = MessagePackSerializer.Serialize(ServerSample(), new MessagePackHubProtocolOptions().SerializerOptions);

        var alert = MessagePackSerializer.Deserialize<OutbreakAlert>(bytes, SentinelaWireFormat.MessagePackOptions);

        AssertSampleAlert(alert, DetectorKind.Radius, mean: null);
    }

    [Fact]
    public void MessagePack_of_the_servers_alert_with_enum_ordinals_deserializes()
    {
        var bytes = MessagePackSerializer.Serialize(ServerSample(), ContractlessStandardResolver.Options);

        var alert = MessagePackSerializer.Deserialize<OutbreakAlert>(bytes, SentinelaWireFormat.MessagePackOptions);

        AssertSampleAlert(alert, DetectorKind.Radius, mean: null);
    }

    [Fact]
    public void Json_as_the_servers_hub_writes_it_deserializes()
    {
        var hubOptions = new JsonHubProtocolOptions().PayloadSerializerOptions;
        SentinelaJson.Configure(hubOptions);
        var json = JsonSerializer.Serialize(ServerSample(), hubOptions);

        var alert = JsonSerializer.Deserialize<OutbreakAlert>(json, SentinelaWireFormat.CreateJsonOptions())!;

        AssertSampleAlert(alert, DetectorKind.Radius, mean: null);
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
        var json = SentinelaWireFormat.CreateJsonOptions();
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

        var json = JsonSerializer.Serialize(area, SentinelaWireFormat.CreateJsonOptions());
        var pack = MessagePackSerializer.ConvertToJson(MessagePackSerializer.Serialize(area, SentinelaWireFormat.MessagePackOptions));

        Assert.Equal("""{"latitude":-19.93,"longitude":-44.05,"radiusKm":50,"eventTypes":["raised"]}""", json);
        using var doc = JsonDocument.Parse(pack);
        Assert.Equal(-19.93, doc.RootElement.GetProperty("Latitude").GetDouble());
        Assert.Equal(50, doc.RootElement.GetProperty("RadiusKm").GetDouble());
        Assert.Equal("raised", doc.RootElement.GetProperty("EventTypes")[0].GetString());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("State").ValueKind);
    }

    static void AssertSampleAlert(OutbreakAlert alert, DetectorKind detector, double? mean)
    {
        Assert.Equal(AlertId, alert.Id);
        Assert.Equal(3, alert.Version);
        Assert.Equal(17, alert.Sequence);
        Assert.Equal(AlertStatus.Active, alert.Status);
        Assert.Equal(detector, alert.Detector);
        Assert.Equal(HemogramParameter.Platelets, alert.Parameter);
        Assert.Equal(Direction.Low, alert.Direction);
        Assert.Equal(AlertSeverity.Critical, alert.Severity);
        Assert.Equal(AreaKind.Circle, alert.Area.Kind);
        Assert.Equal(new GeoPoint { Latitude = -19.93, Longitude = -44.05 }, alert.Area.Centre);
        Assert.Equal(50, alert.Area.RadiusKm);
        Assert.Equal((31, "MG", (int?)3118601, "Contagem"),
            (alert.Area.StateCode, alert.Area.StateAbbreviation, alert.Area.MunicipalityCode, alert.Area.MunicipalityName));
        Assert.Equal((120, 48, 0.4), (alert.Statistics.Total, alert.Statistics.Abnormal, alert.Statistics.Proportion));
        Assert.Equal(mean, alert.Statistics.Mean);
        Assert.Equal((0.05, 1e-9), (alert.Statistics.ReferenceProportion, alert.Statistics.PValue));
        Assert.Equal(new DateTimeOffset(2025, 3, 3, 0, 0, 0, TimeSpan.Zero), alert.Statistics.WindowEnd);
        Assert.Equal(FirstCase, alert.FirstCaseAt);
        Assert.Equal(TimeSpan.FromHours(-3), alert.FirstCaseAt.Offset);
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
        Detector = ServerCollective.DetectorKind.Radius,
        Parameter = ServerHemograms.HemogramParameter.Platelets,
        Direction = ServerHemograms.Direction.Low,
        Severity = ServerAlerts.AlertSeverity.Critical,
        Area = new ServerAlerts.AlertArea(ServerAlerts.AreaKind.Circle, new Geo.GeoPoint(-19.93, -44.05), 50, 31, "MG", 3118601, "Contagem"),
        Statistics = new ServerAlerts.AlertStatistics(120, 48, 0.4, null, null, 100, 12, 0.12, null, 0.05, 1e-9,
            new DateTimeOffset(2025, 2, 24, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 3, 0, 0, 0, TimeSpan.Zero), "10*3/uL"),
        FirstCaseAt = FirstCase,
        RaisedAt = Raised,
        UpdatedAt = Updated,
        ReportingLabs = ["lab-a", "lab-b"],
        EvidenceCount = 48,
        Headline = Headline,
        SuggestedAction = "Investigar casos de dengue grave.",
    };
}

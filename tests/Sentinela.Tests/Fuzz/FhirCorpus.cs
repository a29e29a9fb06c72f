extern alias simulator;
using System.Text;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Sentinela.Server.Ingestion;
using Sentinela.Tests.Infrastructure;
using Gen = simulator::Sentinela.Simulator.Generation;

namespace Sentinela.Tests.Fuzz;

/// <summary>
/// The FHIR bodies of a fuzz run: request <c>i</c> of seed <c>s</c> is always the same mutation of the same kind of
/// valid hemogram or Bundle (collection times are relative to now), so any one can be regenerated alone. Templates:
/// docs/examples/hemogram.json, the tests' hand-built hemograms and CBC panels, the simulator's, batch and transaction
/// Bundles, rest-hook notifications (full-resource and id-only); as JSON and XML, to the three FHIR entry points.
/// </summary>
public sealed class FhirCorpus(int seed)
{
    static readonly BaseFhirXmlSerializer Xml = new(ModelInfo.ModelInspector);
    static readonly Lazy<string> Example = new(() => File.ReadAllText(ReferenceData.FindUp(Path.Combine("docs", "examples", "hemogram.json"))!));
    static readonly string[] ContentTypes =
    [
        "application/fhir+json", "application/json", "application/fhir+xml", "application/xml", "text/xml", "text/plain",
        "application/fhir+json; charset=iso-8859-1", "application/fhir+json; fhirVersion=5.0", "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded", "", "application/fhir+json;;;", "*/*",
    ];

    public FuzzRequest Request(int index)
    {
        var random = new Random(unchecked(seed * 1_000_003 + index));
        var json = new JsonMutator(random);
        var xml = new XmlMutator(random);
        var id = $"fuzz-{seed}-{index}";
        var roll = random.Next(100);
        FuzzRequest request;
        if (roll < 35)
        {
            var (body, how) = json.Mutate(ObservationJson(random, id));
            request = new(HttpMethod.Post, "/fhir/Observation", "application/fhir+json", body, FuzzCredential.Laboratory, "Observation JSON: " + how);
        }
        else if (roll < 50)
        {
            var (body, how) = xml.Mutate(Xml.SerializeToString(Observation(random, id)));
            request = new(HttpMethod.Post, "/fhir/Observation", "application/fhir+xml", body, FuzzCredential.Laboratory, "Observation XML: " + how);
        }
        else if (roll < 75)
        {
            var bundle = FhirJson.Serialize(Bundle(random, id));
            // Half the time one entry is damaged and the rest must still be stored (batch) or all refused (transaction).
            var entry = random.Next(2) == 0 ? random.Next(JsonNode.Parse(bundle)!["entry"]!.AsArray().Count) : (int?)null;
            var (body, how) = json.Mutate(bundle, entry is { } k ? n => n.GetPath().StartsWith($"$.entry[{k}]", StringComparison.Ordinal) : null);
            request = new(HttpMethod.Post, "/fhir", "application/fhir+json", body, FuzzCredential.Laboratory, $"Bundle JSON{(entry is null ? "" : $" entry {entry}")}: {how}");
        }
        else if (roll < 80)
        {
            var (body, how) = xml.Mutate(Xml.SerializeToString(Bundle(random, id)));
            request = new(HttpMethod.Post, "/fhir", "application/fhir+xml", body, FuzzCredential.Laboratory, "Bundle XML: " + how);
        }
        else if (roll < 92)
        {
            var notification = random.Next(3) == 0 ? (Resource)Observation(random, id) : Notification(random, id);
            var (body, how) = json.Mutate(FhirJson.Serialize(notification));
            var method = random.Next(4) == 0 ? HttpMethod.Put : HttpMethod.Post;
            request = new(method, method == HttpMethod.Put ? "/fhir/subscription-hook/Observation/" + id : "/fhir/subscription-hook",
                "application/fhir+json", body, FuzzCredential.Laboratory, "rest-hook JSON: " + how);
        }
        else if (roll < 95)
        {
            var (body, how) = xml.Mutate(Xml.SerializeToString(Notification(random, id)));
            request = new(HttpMethod.Post, "/fhir/subscription-hook", "application/fhir+xml", body, FuzzCredential.Laboratory, "rest-hook XML: " + how);
        }
        else
        {
            request = Garbage(random, id);
        }

        // Some requests come with the wrong media type, or the wrong credentials.
        if (random.Next(12) == 0) request = request with { ContentType = ContentTypes[random.Next(ContentTypes.Length)], Description = request.Description + " (content type swapped)" };
        if (random.Next(40) == 0)
        {
            var credential = (FuzzCredential)random.Next(1, 5);
            request = request with { Credential = credential, Description = $"{request.Description} (as {credential})" };
        }
        return request;
    }

    /// <summary>A valid hemogram that must be stored exactly once: canary <paramref name="n"/>, sent by one of five routes.</summary>
    public FuzzCanary Canary(int n)
    {
        var observation = Observations.Hemogram(identifier: $"canary-{seed}-{n}", plateletsThousands: 260 + n % 40);
        return (n % 5) switch
        {
            0 => new(n, FuzzCanaryRoute.Observation, new(HttpMethod.Post, "/fhir/Observation", "application/fhir+json", Encoding.UTF8.GetBytes(FhirJson.Serialize(observation)), FuzzCredential.Laboratory, $"canary {n} JSON")),
            1 => new(n, FuzzCanaryRoute.Observation, new(HttpMethod.Post, "/fhir/Observation", "application/fhir+xml", Encoding.UTF8.GetBytes(Xml.SerializeToString(observation)), FuzzCredential.Laboratory, $"canary {n} XML")),
            2 => new(n, FuzzCanaryRoute.BatchEntry, new(HttpMethod.Post, "/fhir", "application/fhir+json", BatchBesideABrokenEntry(observation), FuzzCredential.Laboratory, $"canary {n} in a batch beside a broken entry")),
            3 => new(n, FuzzCanaryRoute.TransactionEntry, new(HttpMethod.Post, "/fhir", "application/fhir+json",
                Encoding.UTF8.GetBytes(FhirJson.Serialize(BundleOf(Hl7.Fhir.Model.Bundle.BundleType.Transaction, observation))), FuzzCredential.Laboratory, $"canary {n} in a transaction")),
            _ => new(n, FuzzCanaryRoute.RestHook, new(HttpMethod.Post, "/fhir/subscription-hook", "application/fhir+json",
                Encoding.UTF8.GetBytes(FhirJson.Serialize(NotificationOf(observation))), FuzzCredential.Laboratory, $"canary {n} through the rest-hook")),
        };
    }

    /// <summary>The canary's Observation first (stored), then an entry whose value is a string: only that entry is refused.</summary>
    static byte[] BatchBesideABrokenEntry(Observation canary)
    {
        var broken = Observations.Hemogram(identifier: "broken-" + canary.Identifier[0].Value);
        var node = JsonNode.Parse(FhirJson.Serialize(BundleOf(Hl7.Fhir.Model.Bundle.BundleType.Batch, canary, broken)))!;
        node["entry"]![1]!["resource"]!["component"]![0]!["valueQuantity"]!["value"] = "92";
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    string ObservationJson(Random random, string id)
    {
        if (random.Next(3) != 0) return FhirJson.Serialize(Observation(random, id));
        var example = JsonNode.Parse(Example.Value)!;
        example["identifier"]![0]!["value"] = id;
        example["effectiveDateTime"] = DateTimeOffset.UtcNow.AddMinutes(-random.Next(1, 600)).ToString("yyyy-MM-ddTHH:mm:sszzz");
        return example.ToJsonString();
    }

    Observation Observation(Random random, string id)
    {
        switch (random.Next(4))
        {
            case 0:
                var generated = new Gen.HemogramGenerator(SimulatedTraffic.MinasGeraisMunicipalities, random.Next())
                    .Next(TimeSpan.Zero, DateTimeOffset.UtcNow.AddMinutes(-random.Next(1, 600))).Observation;
                generated.Identifier = [new Identifier("urn:fuzz", id)];
                return generated;
            case 1:
                var panel = Observations.Hemogram(identifier: id);
                panel.Component.Clear();
                foreach (var (member, loinc, value) in new[] { ("m1", "6690-2", 4 + random.NextDouble() * 10), ("m2", "777-3", 50 + random.NextDouble() * 400) })
                {
                    panel.Contained.Add(new Observation
                    {
                        Id = member,
                        Status = ObservationStatus.Final,
                        Code = new CodeableConcept("http://loinc.org", loinc),
                        Value = new Quantity((decimal)Math.Round(value, 1), "10*3/uL") { Unit = "10*3/uL" },
                    });
                    panel.HasMember.Add(new ResourceReference("#" + member));
                }
                return panel;
            case 2:
                return Observations.Hemogram(identifier: id, municipality: null, point: (-19.93 + random.NextDouble() / 10, -44.05 + random.NextDouble() / 10));
            default:
                return Observations.Hemogram(identifier: id, plateletsThousands: 50 + random.Next(400), hemoglobin: 8 + random.Next(10), leukocytesThousands: 2 + random.Next(15));
        }
    }

    Bundle Bundle(Random random, string id)
    {
        var type = random.Next(3) == 0 ? Hl7.Fhir.Model.Bundle.BundleType.Transaction : Hl7.Fhir.Model.Bundle.BundleType.Batch;
        var entries = Enumerable.Range(0, random.Next(1, 6)).Select(k => (Resource)Observation(random, $"{id}-{k}")).ToList();
        if (random.Next(4) == 0) entries.Add(new Patient { Gender = AdministrativeGender.Female });
        return BundleOf(type, [.. entries]);
    }

    static Bundle BundleOf(Bundle.BundleType type, params Resource[] resources) => new()
    {
        Type = type,
        Entry = resources.Select(r => new Bundle.EntryComponent
        {
            FullUrl = $"urn:uuid:{Guid.NewGuid()}",
            Resource = r,
            Request = new Bundle.RequestComponent { Method = Hl7.Fhir.Model.Bundle.HTTPVerb.POST, Url = r.TypeName },
        }).ToList(),
    };

    Bundle Notification(Random random, string id) => random.Next(3) switch
    {
        0 => NotificationOf(),
        1 => NotificationOf(new Bundle.EntryComponent { FullUrl = $"http://source.invalid/fhir/Observation/{id}" }),
        _ => NotificationOf(Observation(random, id)),
    };

    static Bundle NotificationOf(Observation observation) =>
        NotificationOf(new Bundle.EntryComponent { FullUrl = $"urn:uuid:{Guid.NewGuid()}", Resource = observation });

    static Bundle NotificationOf(params Bundle.EntryComponent[] events)
    {
        var status = new Parameters();
        status.Add("subscription", new ResourceReference("Subscription/hemograms"));
        status.Add("type", new Code(events.Length == 0 ? "heartbeat" : "event-notification"));
        return new Bundle
        {
            Type = Hl7.Fhir.Model.Bundle.BundleType.History,
            Entry = [new Bundle.EntryComponent { FullUrl = $"urn:uuid:{Guid.NewGuid()}", Resource = status }, .. events],
        };
    }

    static FuzzRequest Garbage(Random random, string id)
    {
        var path = new[] { "/fhir/Observation", "/fhir", "/fhir/subscription-hook" }[random.Next(3)];
        var (body, how) = random.Next(6) switch
        {
            0 => ([], "empty"),
            1 => ("   \n\t "u8.ToArray(), "whitespace"),
            2 => (Enumerable.Range(0, random.Next(1, 4096)).Select(_ => (byte)random.Next(256)).ToArray(), "random bytes"),
            3 => (Encoding.UTF8.GetBytes("null"), "null"),
            4 => (Encoding.UTF8.GetBytes($"{{\"resourceType\":\"Observation\",\"id\":\"{id}\"}}"), "bare Observation"),
            _ => (Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><Observation xmlns=\"http://hl7.org/fhir\"/>"), "bare XML Observation"),
        };
        return new(HttpMethod.Post, path, random.Next(2) == 0 ? "application/fhir+json" : "application/fhir+xml", body, FuzzCredential.Laboratory, $"garbage to {path}: {how}");
    }
}

using System.Net.Http.Headers;
using Hl7.Fhir.Model;
using Sentinela.Server.Ingestion;

namespace Sentinela.Tests.Infrastructure;

/// <summary>Hand-built hemogram Observations for tests that need exact values, places and defects.</summary>
public static class Observations
{
    public const int Contagem = 3118601;
    public const int BeloHorizonte = 3106200;

    public static Observation Hemogram(
        string? identifier = null,
        int? municipality = Contagem,
        (double Lat, double Lon)? point = null,
        double plateletsThousands = 250,
        double hemoglobin = 14,
        double leukocytesThousands = 7,
        DateTimeOffset? collectedAt = null,
        string lab = "1234567")
    {
        var address = new Address { Line = ["Rua das Flores, 100"], PostalCode = "32000-000" };
        if (municipality is { } code)
            address.SetExtension(LocationReader.MunicipalityExtension, new CodeableConcept("http://www.saude.gov.br/fhir/r4/CodeSystem/BRDivisaoGeograficaBrasil-1.0", code.ToString()));
        if (point is { } p)
        {
            var geo = new Extension { Url = LocationReader.GeolocationExtension };
            geo.SetExtension("latitude", new FhirDecimal((decimal)p.Lat));
            geo.SetExtension("longitude", new FhirDecimal((decimal)p.Lon));
            address.Extension.Add(geo);
        }
        var patient = new Patient
        {
            Id = "p",
            Name = [new HumanName { Text = "Maria da Silva" }],
            Identifier = [new Identifier("http://rnds.saude.gov.br/fhir/r4/NamingSystem/cpf", "52998224725")],
            Gender = AdministrativeGender.Female,
            BirthDate = "1985-04-12",
            Address = [address],
        };
        var org = new Organization { Id = "lab", Name = "Laboratório Teste", Identifier = [new Identifier("http://www.saude.gov.br/fhir/r4/NamingSystem/cnes", lab)] };
        return new Observation
        {
            Identifier = [new Identifier("urn:test:lab", identifier ?? Guid.NewGuid().ToString())],
            Status = ObservationStatus.Final,
            Code = new CodeableConcept("http://loinc.org", "58410-2"),
            Contained = [patient, org],
            Subject = new ResourceReference("#p"),
            Performer = [new ResourceReference("#lab")],
            Effective = new FhirDateTime(collectedAt ?? DateTimeOffset.UtcNow.AddMinutes(-5)),
            Component =
            [
                Component("777-3", plateletsThousands, "10*3/uL"),
                Component("718-7", hemoglobin, "g/dL"),
                Component("6690-2", leukocytesThousands, "10*3/uL"),
            ],
        };
    }

    public static Observation.ComponentComponent Component(string loinc, double value, string unit) => new()
    {
        Code = new CodeableConcept("http://loinc.org", loinc),
        Value = new Quantity((decimal)value, unit) { Unit = unit },
    };

    public static string Json(Resource resource) => FhirJson.Serialize(resource);

    public static StringContent Content(Resource resource) => Content(Json(resource));

    public static StringContent Content(string json)
    {
        var content = new StringContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        return content;
    }
}

using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Ingestion;

namespace Sentinela.DetectionQuality.Generation;

/// <summary>
/// Writes a hemogram as the FHIR R4 Observation a laboratory posts (the simulator's shape: a CBC panel with one component per
/// parameter, the patient and the laboratory contained, the municipality in the BR Core extension), one per line.
/// Written by hand with <see cref="Utf8JsonWriter"/>: a scenario is a few hundred thousand of them.
/// </summary>
public sealed class ObservationJson(string identifierSystem)
{
    const string UcumSystem = "http://unitsofmeasure.org";
    const string MunicipalitySystem = "http://www.saude.gov.br/fhir/r4/CodeSystem/BRDivisaoGeograficaBrasil-1.0";
    const string CnesSystem = "http://www.saude.gov.br/fhir/r4/NamingSystem/cnes";

    static readonly Dictionary<HemogramParameter, string> Loinc = new()
    {
        [HemogramParameter.Leukocytes] = "6690-2",
        [HemogramParameter.Hemoglobin] = "718-7",
        [HemogramParameter.Platelets] = "777-3",
        [HemogramParameter.Hematocrit] = "4544-3",
        [HemogramParameter.Erythrocytes] = "789-8",
        [HemogramParameter.Neutrophils] = "751-8",
        [HemogramParameter.Lymphocytes] = "731-0",
        [HemogramParameter.Eosinophils] = "711-2",
    };

    readonly ArrayBufferWriter<byte> _buffer = new(4096);
    readonly Utf8JsonWriter _json = new(Stream.Null);

    public void WriteLine(Stream output, SyntheticHemogram h, long identifier)
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        Write(_json, h, identifier);
        _json.Flush();
        output.Write(_buffer.WrittenSpan);
        output.WriteByte((byte)'\n');
    }

    void Write(Utf8JsonWriter w, SyntheticHemogram h, long identifier)
    {
        var m = h.Municipality;
        w.WriteStartObject();
        w.WriteString("resourceType", "Observation");
        w.WriteStartArray("identifier");
        w.WriteStartObject();
        w.WriteString("system", identifierSystem);
        w.WriteString("value", identifier.ToString(CultureInfo.InvariantCulture));
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("status", "final");
        w.WriteStartArray("category");
        Coded(w, null, "http://terminology.hl7.org/CodeSystem/observation-category", "laboratory");
        w.WriteEndArray();
        Coded(w, "code", LoincCatalog.System, LoincCatalog.CbcPanel);

        w.WriteStartArray("contained");
        w.WriteStartObject();
        w.WriteString("resourceType", "Patient");
        w.WriteString("id", "p");
        w.WriteString("gender", h.Sex == Sex.Female ? "female" : "male");
        w.WriteString("birthDate", h.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteStartArray("address");
        w.WriteStartObject();
        w.WriteStartArray("extension");
        w.WriteStartObject();
        w.WriteString("url", LocationReader.MunicipalityExtension);
        Coded(w, "valueCodeableConcept", MunicipalitySystem, m.Code.ToString(CultureInfo.InvariantCulture));
        w.WriteEndObject();
        w.WriteStartObject();
        w.WriteString("url", LocationReader.GeolocationExtension);
        w.WriteStartArray("extension");
        Decimal(w, "latitude", h.Latitude);
        Decimal(w, "longitude", h.Longitude);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("city", m.Name);
        w.WriteString("state", "MG");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject();
        w.WriteString("resourceType", "Organization");
        w.WriteString("id", "lab");
        w.WriteStartArray("identifier");
        w.WriteStartObject();
        w.WriteString("system", CnesSystem);
        w.WriteString("value", m.Lab);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();

        w.WriteStartObject("subject");
        w.WriteString("reference", "#p");
        w.WriteEndObject();
        w.WriteString("effectiveDateTime", h.CollectedAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
        w.WriteStartArray("performer");
        w.WriteStartObject();
        w.WriteString("reference", "#lab");
        w.WriteEndObject();
        w.WriteEndArray();

        w.WriteStartArray("component");
        foreach (var p in HemogramParameters.All)
        {
            w.WriteStartObject();
            Coded(w, "code", LoincCatalog.System, Loinc[p]);
            w.WriteStartObject("valueQuantity");
            w.WriteNumber("value", h.Values[(int)p]);
            w.WriteString("unit", p.CanonicalUnit());
            w.WriteString("system", UcumSystem);
            w.WriteString("code", p.CanonicalUnit());
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    static void Coded(Utf8JsonWriter w, string? property, string system, string code)
    {
        if (property is null) w.WriteStartObject();
        else w.WriteStartObject(property);
        w.WriteStartArray("coding");
        w.WriteStartObject();
        w.WriteString("system", system);
        w.WriteString("code", code);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    static void Decimal(Utf8JsonWriter w, string url, double value)
    {
        w.WriteStartObject();
        w.WriteString("url", url);
        w.WriteNumber("valueDecimal", Math.Round(value, 4));
        w.WriteEndObject();
    }
}

using System.Globalization;
using Hl7.Fhir.Model;
using Sentinela.Geography;

namespace Sentinela.Simulator.Generation;

/// <summary>
/// Builds the FHIR R4 Observation the server ingests: a CBC panel with one component per parameter, the
/// anonymous patient and the performing lab contained in it, municipalities coded with the RNDS extension.
/// </summary>
public static class HemogramObservation
{
    public const string LoincSystem = "http://loinc.org";
    public const string UcumSystem = "http://unitsofmeasure.org";
    public const string CategorySystem = "http://terminology.hl7.org/CodeSystem/observation-category";
    public const string CbcPanelCode = "58410-2";
    public const string MunicipalityExtensionUrl = "http://www.saude.gov.br/fhir/r4/StructureDefinition/BRMunicipio-1.0";
    public const string MunicipalitySystem = "http://www.saude.gov.br/fhir/r4/CodeSystem/BRDivisaoGeograficaBrasil-1.0";
    public const string GeolocationExtensionUrl = "http://hl7.org/fhir/StructureDefinition/geolocation";
    public const string CnesSystem = "http://www.saude.gov.br/fhir/r4/NamingSystem/cnes";

    /// <summary>Brasília time; Brazil has had no daylight saving since 2019.</summary>
    public static readonly TimeSpan BrasiliaOffset = TimeSpan.FromHours(-3);

    /// <summary>The identifier system of a lab's own hemogram identifiers.</summary>
    public static string IdentifierSystem(SyntheticLab lab) => $"urn:sentinela:lab:{lab.Cnes}";

    public static Observation Build(string identifier, SyntheticLab lab, SyntheticPatient patient, BloodCount counts, DateTimeOffset effective) => new()
    {
        Identifier = [new Identifier(IdentifierSystem(lab), identifier)],
        Status = ObservationStatus.Final,
        Category = [Coded(CategorySystem, "laboratory", "Laboratory")],
        Code = Coded(LoincSystem, CbcPanelCode, "CBC panel - Blood by Automated count"),
        Effective = new FhirDateTime(ToBrasilia(effective)),
        Contained = [BuildPatient(patient), BuildLab(lab)],
        Subject = new ResourceReference("#p"),
        Performer = [new ResourceReference("#lab")],
        Component = [.. ParameterDefinition.All.Select(d => Component(d, counts[d.Parameter]))],
    };

    /// <summary>Whole seconds at -03:00, as a lab information system would stamp it.</summary>
    public static DateTimeOffset ToBrasilia(DateTimeOffset instant)
    {
        var local = instant.ToOffset(BrasiliaOffset);
        return local.AddTicks(-(local.Ticks % TimeSpan.TicksPerSecond));
    }

    static Patient BuildPatient(SyntheticPatient patient) => new()
    {
        Id = "p",
        Gender = patient.Gender,
        BirthDate = patient.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Address =
        [
            new Address
            {
                Extension = [MunicipalityExtension(patient.Municipality), GeolocationExtension(patient.Location)],
                City = patient.Municipality.Name,
                State = patient.Municipality.State.Abbreviation,
            },
        ],
    };

    static Organization BuildLab(SyntheticLab lab) => new()
    {
        Id = "lab",
        Identifier = [new Identifier(CnesSystem, lab.Cnes)],
        Name = lab.Name,
        Address =
        [
            new Address
            {
                Extension = [MunicipalityExtension(lab.Municipality)],
                City = lab.Municipality.Name,
                State = lab.Municipality.State.Abbreviation,
            },
        ],
    };

    static Extension MunicipalityExtension(Municipality municipality) => new(
        MunicipalityExtensionUrl,
        Coded(MunicipalitySystem, municipality.IbgeCode.ToString(CultureInfo.InvariantCulture), display: null));

    static Extension GeolocationExtension(GeoPoint point) => new()
    {
        Url = GeolocationExtensionUrl,
        Extension =
        [
            new Extension("latitude", new FhirDecimal((decimal)point.Latitude)),
            new Extension("longitude", new FhirDecimal((decimal)point.Longitude)),
        ],
    };

    static Observation.ComponentComponent Component(ParameterDefinition definition, double value) => new()
    {
        Code = Coded(LoincSystem, definition.Loinc, definition.Display),
        Value = new Quantity
        {
            Value = definition.Round(value),
            Unit = definition.Unit,
            System = UcumSystem,
            Code = definition.Unit,
        },
    };

    // Firely's CodeableConcept(system, code, text) puts the third argument in text; labs send it as the coding's display.
    static CodeableConcept Coded(string system, string code, string? display) => new() { Coding = [new Coding(system, code, display)] };

    /// <summary>A batch Bundle of hemograms, each a POST of an Observation with a urn:uuid fullUrl.</summary>
    public static Bundle Batch(IEnumerable<GeneratedHemogram> hemograms) => new()
    {
        Type = Bundle.BundleType.Batch,
        Entry =
        [
            .. hemograms.Select(h => new Bundle.EntryComponent
            {
                FullUrl = $"urn:uuid:{h.Identifier}",
                Resource = h.Observation,
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Observation" },
            }),
        ],
    };
}

using Hl7.Fhir.Model;
using Sentinela.Geography;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// A stored hemogram as a de-identified FHIR Observation: CBC panel with canonical-unit components, interpretation and
/// reference range for each finding, a component with a dataAbsentReason for each analyte reported absent, and a
/// contained Patient that holds only sex, municipality and the coarse coordinate. The version is meta.versionId; the
/// status says final, preliminary, amended (a later version) or entered-in-error (retracted); which part of the
/// submission located it is the <see cref="LocationSourceExtension"/>.
/// </summary>
public static class HemogramObservation
{
    /// <summary>Sentinela's extension naming where a hemogram's location came from (Hemograms/LocationSource.cs, camelCase).</summary>
    public const string LocationSourceExtension = "urn:sentinela:fhir:StructureDefinition:location-source";

    static readonly Dictionary<HemogramParameter, string> PrimaryLoinc = new()
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

    /// <summary>"patientAddress", "registeredLab", … as the API and the dashboard name them.</summary>
    public static string SourceCode(LocationSource source) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(source.ToString());

    public static Observation From(Hemogram h, MunicipalityTable municipalities)
    {
        var municipality = municipalities.Find(h.MunicipalityCode);
        var address = new Address { City = municipality?.Name, State = municipality?.State.Abbreviation };
        address.SetExtension(LocationReader.MunicipalityExtension,
            new CodeableConcept("http://www.saude.gov.br/fhir/r4/CodeSystem/BRDivisaoGeograficaBrasil-1.0", h.MunicipalityCode.ToString()));
        var geo = new Extension { Url = LocationReader.GeolocationExtension };
        geo.SetExtension("latitude", new FhirDecimal((decimal)h.Location.Latitude));
        geo.SetExtension("longitude", new FhirDecimal((decimal)h.Location.Longitude));
        address.Extension.Add(geo);

        var patient = new Patient
        {
            Id = "p",
            Gender = h.Sex switch { Sex.Female => AdministrativeGender.Female, Sex.Male => AdministrativeGender.Male, _ => AdministrativeGender.Unknown },
            Address = [address],
        };
        var observation = new Observation
        {
            Id = h.Id.ToString(),
            Meta = new Meta { LastUpdated = h.UpdatedAt ?? h.ReceivedAt, VersionId = h.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            Status = h.Status switch
            {
                HemogramStatus.Retracted => ObservationStatus.EnteredInError,
                HemogramStatus.Preliminary => ObservationStatus.Preliminary,
                _ when h.Version > 1 => ObservationStatus.Amended,
                _ => ObservationStatus.Final,
            },
            Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory")],
            Code = new CodeableConcept(LoincCatalog.System, LoincCatalog.CbcPanel, "CBC panel - Blood by Automated count"),
            Contained = [patient],
            Subject = new ResourceReference("#p"),
            Effective = new FhirDateTime(h.CollectedAt),
            Performer = h.Lab is null ? [] : [new ResourceReference { Display = h.Lab }],
        };
        foreach (var m in h.Measurements)
        {
            var unit = m.Parameter.CanonicalUnit();
            var component = new Observation.ComponentComponent
            {
                Code = new CodeableConcept(LoincCatalog.System, PrimaryLoinc[m.Parameter], m.Parameter.ApiName()),
                Value = new Quantity((decimal)m.Value, unit) { Unit = unit },
            };
            if (h.Findings.FirstOrDefault(f => f.Parameter == m.Parameter) is { } finding)
            {
                component.Interpretation = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
                    finding.Direction == Direction.Low ? "L" : "H")];
                component.ReferenceRange = [new Observation.ReferenceRangeComponent
                {
                    Low = new Quantity((decimal)finding.ReferenceLow, unit),
                    High = new Quantity((decimal)finding.ReferenceHigh, unit),
                }];
            }
            observation.Component.Add(component);
        }
        foreach (var p in HemogramParameters.All.Where(p => (h.AbsentMask & (1u << (int)p)) != 0))
            observation.Component.Add(new Observation.ComponentComponent
            {
                Code = new CodeableConcept(LoincCatalog.System, PrimaryLoinc[p], p.ApiName()),
                DataAbsentReason = new CodeableConcept("http://terminology.hl7.org/CodeSystem/data-absent-reason", "unknown", "Reported absent by the laboratory"),
            });
        if (h.LocationSource != LocationSource.Unknown)
            observation.Extension.Add(new Extension(LocationSourceExtension, new Code(SourceCode(h.LocationSource))));
        return observation;
    }
}

using Hl7.Fhir.Model;
using Sentinela.Geography;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// A stored hemogram as a de-identified FHIR Observation: CBC panel with canonical-unit components, interpretation and
/// reference range for each finding, and a contained Patient that holds only sex, municipality and the coarse coordinate.
/// </summary>
public static class HemogramObservation
{
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
            Meta = new Meta { LastUpdated = h.ReceivedAt, VersionId = "1" },
            Status = ObservationStatus.Final,
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
        return observation;
    }
}

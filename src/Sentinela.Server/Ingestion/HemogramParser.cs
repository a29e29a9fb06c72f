using System.Security.Cryptography;
using System.Text;
using Hl7.Fhir.Model;
using Sentinela.Geography;
using Sentinela.Server.Hemograms;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// Turns a FHIR Observation into a <see cref="HemogramSubmission"/>: either one Observation with components,
/// a CBC panel (LOINC 58410-2) whose hasMember Observations are contained or in the same Bundle, or a single-analyte Observation.
/// Pure: no I/O, so it is unit-tested and benchmarked directly.
/// </summary>
public sealed class HemogramParser(MunicipalityTable municipalities, TimeProvider clock, IngestionOptions options)
{
    static readonly HashSet<ObservationStatus> AcceptedStatuses =
        [ObservationStatus.Final, ObservationStatus.Amended, ObservationStatus.Corrected, ObservationStatus.Preliminary];

    public ParseResult Parse(Observation observation, ReferenceResolver resolver, string? sourceHint = null)
    {
        var issues = new List<ParseIssue>();

        if (observation.Status is { } status && !AcceptedStatuses.Contains(status))
            issues.Add(new(IssueType.NotSupported, $"Observation.status '{status}' is not a reportable result.", "Observation.status"));

        var measurements = ReadMeasurements(observation, resolver, issues);
        var collectedAt = ReadCollectedAt(observation, issues);
        var place = ReadPlace(observation, resolver, issues);
        var patient = resolver.Resolve(observation, observation.Subject) as Patient;

        if (issues.Count > 0 || place is null || collectedAt is null) return ParseResult.Fail(issues);

        var lab = ReadLab(observation, resolver);
        return ParseResult.Ok(new HemogramSubmission(
            SourceIdentity(observation, lab, sourceHint),
            lab,
            place.Value.Municipality,
            place.Value.Point.Coarsen(options.CoordinateDecimals),
            patient?.Gender switch { AdministrativeGender.Female => Sex.Female, AdministrativeGender.Male => Sex.Male, _ => Sex.Unknown },
            AgeAt(patient?.BirthDate, collectedAt.Value),
            collectedAt.Value,
            measurements));
    }

    List<Measurement> ReadMeasurements(Observation observation, ReferenceResolver resolver, List<ParseIssue> issues)
    {
        var found = new List<Measurement>();
        var seen = new HashSet<HemogramParameter>();

        void Add(CodeableConcept? code, DataType? value, string path)
        {
            var loinc = code?.Coding.FirstOrDefault(c => c.System == LoincCatalog.System)?.Code;
            if (loinc is null || !LoincCatalog.TryGetParameter(loinc, out var parameter)) return;
            if (value is not Quantity { Value: { } number } quantity)
            {
                issues.Add(new(IssueType.Required, $"LOINC {loinc} ({parameter.ApiName()}) has no valueQuantity with a value.", path));
                return;
            }
            var unit = quantity.Code ?? quantity.Unit;
            if (string.IsNullOrWhiteSpace(unit))
            {
                issues.Add(new(IssueType.Required, $"LOINC {loinc} ({parameter.ApiName()}) has no unit.", $"{path}.valueQuantity"));
                return;
            }
            if (!LoincCatalog.TryNormalize(parameter, unit, (double)number, out var canonical))
            {
                issues.Add(new(IssueType.CodeInvalid,
                    $"Unit '{unit}' is not accepted for {parameter.ApiName()} (LOINC {loinc}); use one of: {string.Join(", ", LoincCatalog.AcceptedUnits(parameter))}.",
                    $"{path}.valueQuantity.code"));
                return;
            }
            if (!LoincCatalog.IsPlausible(parameter, canonical))
            {
                issues.Add(new(IssueType.Value, $"{parameter.ApiName()} = {number} {unit} is not a plausible value.", $"{path}.valueQuantity.value"));
                return;
            }
            if (seen.Add(parameter)) found.Add(new Measurement(parameter, canonical));
        }

        Add(observation.Code, observation.Value, "Observation");
        for (var i = 0; i < observation.Component.Count; i++)
            Add(observation.Component[i].Code, observation.Component[i].Value, $"Observation.component[{i}]");
        for (var i = 0; i < observation.HasMember.Count; i++)
        {
            if (resolver.Resolve(observation, observation.HasMember[i]) is Observation member)
                Add(member.Code, member.Value, $"Observation.hasMember[{i}]");
            else
                issues.Add(new(IssueType.NotFound,
                    $"hasMember '{observation.HasMember[i].Reference}' is neither contained nor an Observation in the same Bundle.",
                    $"Observation.hasMember[{i}]"));
        }

        if (found.Count == 0 && issues.Count == 0)
            issues.Add(new(IssueType.Required,
                "No hemogram values found: expected LOINC codes such as 6690-2 (leukocytes), 718-7 (hemoglobin), 777-3 (platelets) or 4544-3 (hematocrit) with valueQuantity, in Observation.code/value, component or hasMember.",
                "Observation.component"));
        return found;
    }

    DateTimeOffset? ReadCollectedAt(Observation observation, List<ParseIssue> issues)
    {
        var text = observation.Effective switch
        {
            FhirDateTime dt => dt.Value,
            Period p => p.Start,
            Instant i => i.Value?.ToString("o"),
            _ => null,
        } ?? observation.Issued?.ToString("o");
        if (text is null || !TryParseTime(text, out var when))
        {
            issues.Add(new(IssueType.Required, "Observation needs effectiveDateTime, effectivePeriod.start or issued.", "Observation.effective"));
            return null;
        }
        if (when > clock.GetUtcNow() + options.MaxClockSkew)
        {
            issues.Add(new(IssueType.Value, $"Collection time {text} is in the future.", "Observation.effective"));
            return null;
        }
        return when.ToUniversalTime();
    }

    (Municipality Municipality, GeoPoint Point)? ReadPlace(Observation observation, ReferenceResolver resolver, List<ParseIssue> issues)
    {
        // Where the location came from, as a FHIRPath, so an issue points at the address that was read.
        var (location, from) = resolver.Resolve(observation, observation.Subject) is Patient p && LocationReader.Read(p.Address) is { } home
            ? (home, "Observation.subject.resolve()")
            : observation.Performer.Select((r, i) => (Location: resolver.Resolve(observation, r) is Organization o ? LocationReader.Read(o.Address) : null, From: $"Observation.performer[{i}].resolve()"))
                .FirstOrDefault(l => l.Location is not null);

        if (location is null)
        {
            issues.Add(new(IssueType.Required,
                "No location: give the subject Patient or performer Organization an address with the BRMunicipio extension (IBGE code) or the geolocation extension.",
                "Observation.subject"));
            return null;
        }
        if (location.Point is { IsValid: false })
        {
            issues.Add(new(IssueType.Value, "Geolocation latitude/longitude are out of range.", $"{from}.address.extension('{LocationReader.GeolocationExtension}')"));
            return null;
        }
        if (location.IbgeCode is { } code)
        {
            if (municipalities.Find(code) is { } municipality) return (municipality, location.Point ?? municipality.Centroid);
            issues.Add(new(IssueType.CodeInvalid, $"IBGE municipality code {code} is not in the municipality table.", $"{from}.address.extension('{LocationReader.MunicipalityExtension}')"));
            return null;
        }
        var point = location.Point!.Value;
        if (municipalities.Nearest(point) is { } nearest && nearest.Centroid.DistanceKm(point) <= options.MaxNearestMunicipalityKm)
            return (nearest, point);
        issues.Add(new(IssueType.Value,
            $"No known municipality within {options.MaxNearestMunicipalityKm} km of the coordinate; send the IBGE code.", $"{from}.address"));
        return null;
    }

    static string? ReadLab(Observation observation, ReferenceResolver resolver)
    {
        foreach (var performer in observation.Performer)
        {
            if (resolver.Resolve(observation, performer) is Organization org)
                return org.Identifier.FirstOrDefault()?.Value ?? org.Name;
            if (performer.Identifier?.Value is { } id) return id;
            if (!string.IsNullOrEmpty(performer.Display)) return performer.Display;
        }
        return null;
    }

    /// <summary>
    /// The identity that makes a resubmission the same hemogram: the business identifier, else the resource id,
    /// else a hash of the content, each scoped by its source (lab or the server it came from).
    /// </summary>
    static string SourceIdentity(Observation observation, string? lab, string? sourceHint)
    {
        var source = sourceHint ?? observation.Meta?.Source ?? lab ?? "-";
        if (observation.Identifier.FirstOrDefault(i => !string.IsNullOrEmpty(i.Value)) is { } identifier)
            return $"{source}|identifier|{identifier.System}|{identifier.Value}";
        if (!string.IsNullOrEmpty(observation.Id))
            return $"{source}|id|{observation.Id}";
        return $"{source}|content|{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(FhirJson.Serialize(observation))))}";
    }

    /// <summary>A FHIR dateTime; a date without time (allowed by FHIR) counts from the start of that day, UTC.</summary>
    static bool TryParseTime(string text, out DateTimeOffset when)
    {
        if (new FhirDateTime(text).TryToDateTimeOffset(out when)) return true;
        if (!TryParseDate(text, out var day)) return false;
        when = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return true;
    }

    static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyy-MM", "yyyy"], System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out date);

    /// <summary>Age in whole years from a FHIR date (year, year-month or full date; partial dates count from their first day).</summary>
    static int? AgeAt(string? birthDate, DateTimeOffset when)
    {
        if (birthDate is null || !TryParseDate(birthDate, out var born)) return null;
        var on = DateOnly.FromDateTime(when.UtcDateTime);
        var age = on.Year - born.Year - (on < born.AddYears(on.Year - born.Year) ? 1 : 0);
        return age is >= 0 and <= 130 ? age : null;
    }
}

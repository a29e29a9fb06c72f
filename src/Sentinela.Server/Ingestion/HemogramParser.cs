using System.Security.Cryptography;
using System.Text;
using Hl7.Fhir.Model;
using Sentinela.Geography;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Identity;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// Reads one FHIR result resource into a <see cref="ResultReading"/>: an Observation with components, a CBC panel
/// (LOINC 58410-2) whose hasMember Observations are contained or in the same Bundle, or a single-analyte Observation —
/// alone, or as a result of a DiagnosticReport or a document (<see cref="ReadScope"/>). <see cref="HemogramAssembler"/>
/// makes hemograms of the readings. Pure: no I/O (the registered laboratories are an in-memory snapshot), so it is
/// unit-tested and benchmarked directly.
/// </summary>
public sealed class HemogramParser(MunicipalityTable municipalities, TimeProvider clock, IngestionOptions options, LaboratoryDirectory laboratories)
{
    /// <summary>Reads one Observation alone and makes its hemogram: what the single-Observation endpoint, the rest-hook and the backtest do.</summary>
    public SubmissionResult Parse(Observation observation, ReferenceResolver resolver, string? sourceHint = null, Guid? submitter = null)
    {
        var read = Read(observation, new ReadScope(resolver, Submitter: submitter, SourceHint: sourceHint));
        if (read.Reading is not { } reading) return SubmissionResult.Fail(read.Issues);
        return HemogramAssembler.Single(reading, GroupIdentity(reading)) is { } submission
            ? SubmissionResult.Ok(submission)
            : SubmissionResult.Fail([HemogramAssembler.NoUsableAnalyte("Observation")]);
    }

    /// <summary>The group a lone result may join later (its specimen, else its subject and collection time for a single analyte).</summary>
    public static string? GroupIdentity(ResultReading reading) =>
        reading.SpecimenIdentity is { } specimen ? $"{SourceOf(reading.Identity)}|specimen|{specimen}"
        : reading is { SingleAnalyte: true, SubjectIdentity: { } subject, CollectedAt: { } at }
            ? $"{SourceOf(reading.Identity)}|draw|{subject}|{at.ToUnixTimeMilliseconds()}"
            : null;

    /// <summary>The source part of an identity (everything before its first '|').</summary>
    static string SourceOf(string identity) => identity[..Math.Max(0, identity.IndexOf('|'))];

    public ParseResult Read(Observation observation, ReadScope scope)
    {
        var issues = new List<ParseIssue>();
        var local = scope.Local ?? observation;
        var report = scope.Parent as DiagnosticReport;
        var document = scope.Parent as Composition;

        var status = ResultStatus.Final;
        if (observation.Status is not { } fhirStatus)
            issues.Add(new(IssueType.Required, "Observation.status is required (1..1 in FHIR R4): final, amended, corrected, preliminary, entered-in-error or cancelled.", "Observation.status"));
        else if (ResultStatuses.Of(fhirStatus) is { } mapped) status = ResultStatuses.Within(mapped, scope.ParentStatus);
        else issues.Add(new(IssueType.NotSupported, $"Observation.status '{Hl7.Fhir.Utility.EnumUtility.GetLiteral(fhirStatus)}' is not a reportable result.", "Observation.status"));

        var values = ReadMeasurements(observation, local, scope, issues);
        // A result of another exam is left out; one that says it is a blood count and holds none of its values is refused.
        if (!values.Recognised && scope.OnlyHemogram && !IsCbcPanel(observation.Code)) return ParseResult.NotHemogram;
        var collectedAt = ReadCollectedAt(observation, local, scope, report, issues);
        var patient = scope.Resolver.Resolve(local, observation.Subject ?? report?.Subject ?? document?.Subject) as Patient;
        var performers = observation.Performer.Count > 0 ? observation.Performer
            : report?.Performer.Count > 0 ? report.Performer : document?.Author ?? [];
        var place = Locate(observation, local, scope, report, patient, performers, issues);
        var payloadLab = LabOf(local, scope.Resolver, performers);
        var identity = Identity(observation, scope, payloadLab, values.PrimaryCode);

        // A retraction needs only to be found; what else it says is not checked.
        if (status == ResultStatus.Retracted) issues.RemoveAll(i => i.Expression != "Observation.status");
        if (issues.Count > 0) return ParseResult.Fail(issues);

        var submitter = scope.Submitter is { } id ? laboratories.Find(id) : null;
        var specimenReference = observation.Specimen ?? report?.Specimen.FirstOrDefault();
        return ParseResult.Ok(new ResultReading(
            identity,
            status,
            values.Measurements,
            values.Absent,
            values.SingleAnalyte,
            collectedAt,
            place,
            payloadLab ?? submitter?.Cnes ?? submitter?.Name,
            patient?.Gender switch { AdministrativeGender.Female => Sex.Female, AdministrativeGender.Male => Sex.Male, _ => Sex.Unknown },
            collectedAt is { } at ? AgeAt(patient?.BirthDate, at) : null,
            SpecimenIdentity(local, scope.Resolver, specimenReference),
            specimenReference?.Reference is { Length: > 0 } r && !r.StartsWith('#') ? r : null,
            SubjectIdentity(local, scope.Resolver, observation.Subject ?? report?.Subject ?? document?.Subject)));
    }

    sealed record Values(List<Measurement> Measurements, uint Absent, bool SingleAnalyte, bool Recognised, string? PrimaryCode);

    Values ReadMeasurements(Observation observation, DomainResource local, ReadScope scope, List<ParseIssue> issues)
    {
        var found = new List<Measurement>(HemogramParameters.All.Length);
        // Parameters as bits (as the absent mask is): a set per hemogram was a measurable share of the import's allocations.
        var (seen, absent, recognised, nested) = (0u, 0u, false, false);

        void Add(CodeableConcept? code, DataType? value, CodeableConcept? absentReason, string path, bool top)
        {
            if (!TryParameter(code, out var loinc, out var parameter)) return;
            recognised = true;
            nested |= !top;
            if (value is null && absentReason is not null)
            {
                // A component without a value must say why (obs-6): it was not measured, and the rest still counts.
                absent |= 1u << (int)parameter;
                return;
            }
            if (value is not Quantity { Value: { } number } quantity)
            {
                issues.Add(new(IssueType.Required, $"LOINC {loinc} ({parameter.ApiName()}) has no valueQuantity with a value (nor a dataAbsentReason).", path));
                return;
            }
            var unit = quantity.Code ?? quantity.Unit;
            if (string.IsNullOrWhiteSpace(unit))
            {
                issues.Add(new(IssueType.Required, $"LOINC {loinc} ({parameter.ApiName()}) has no unit.", $"{path}.valueQuantity"));
                return;
            }
            if (!LoincCatalog.TryNormalize(parameter, unit, (double)number, out var canonical)
                && !(quantity.Code is not null && quantity.Unit is { } text && LoincCatalog.TryNormalize(parameter, text, (double)number, out canonical)))
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
            if ((seen & 1u << (int)parameter) != 0) return;
            seen |= 1u << (int)parameter;
            found.Add(new Measurement(parameter, canonical));
        }

        Add(observation.Code, observation.Value, observation.DataAbsentReason, "Observation", top: true);
        for (var i = 0; i < observation.Component.Count; i++)
        {
            var component = observation.Component[i];
            Add(component.Code, component.Value, component.DataAbsentReason, $"Observation.component[{i}]", top: false);
        }
        for (var i = 0; i < observation.HasMember.Count; i++)
        {
            if (scope.Resolver.Resolve(local, observation.HasMember[i]) is Observation member)
            {
                // A member entered in error or cancelled measured nothing.
                if (member.Status is ObservationStatus.EnteredInError or ObservationStatus.Cancelled) continue;
                Add(member.Code, member.Value, member.DataAbsentReason, $"Observation.hasMember[{i}]", top: false);
            }
            else
                issues.Add(new(IssueType.NotFound,
                    $"hasMember '{observation.HasMember[i].Reference}' is neither contained nor an Observation in the same Bundle.",
                    $"Observation.hasMember[{i}]"));
        }

        if (!recognised && issues.Count == 0 && (!scope.OnlyHemogram || IsCbcPanel(observation.Code)))
            issues.Add(new(IssueType.Required,
                "No hemogram values found: expected LOINC codes such as 6690-2 (leukocytes), 718-7 (hemoglobin), 777-3 (platelets) or 4544-3 (hematocrit) with valueQuantity, in Observation.code/value, component or hasMember.",
                "Observation.component"));
        var primary = observation.Code?.Coding.FirstOrDefault(c => LoincCatalog.IsLoinc(c.System))?.Code ?? observation.Code?.Coding.FirstOrDefault()?.Code;
        return new Values(found, absent & ~seen, recognised && !nested, recognised, primary);
    }

    static bool IsCbcPanel(CodeableConcept? code) =>
        code?.Coding.Any(c => LoincCatalog.IsLoinc(c.System) && c.Code == LoincCatalog.CbcPanel) == true;

    static bool TryParameter(CodeableConcept? code, out string loinc, out HemogramParameter parameter)
    {
        if (code is not null)
            foreach (var coding in code.Coding)
                if (LoincCatalog.IsLoinc(coding.System) && coding.Code is { } c && LoincCatalog.TryGetParameter(c, out parameter))
                {
                    loinc = c;
                    return true;
                }
        (loinc, parameter) = ("", default);
        return false;
    }

    /// <summary>effective[x], else the specimen's collection time, else the report's effective[x], else issued (the result's, then the report's).</summary>
    DateTimeOffset? ReadCollectedAt(Observation observation, DomainResource local, ReadScope scope, DiagnosticReport? report, List<ParseIssue> issues)
    {
        var specimen = scope.Resolver.Resolve(local, observation.Specimen ?? report?.Specimen.FirstOrDefault()) as Specimen;
        var text = Time(observation.Effective)
            ?? Time(specimen?.Collection?.Collected)
            ?? Time(report?.Effective)
            ?? observation.Issued?.ToString("o")
            ?? report?.Issued?.ToString("o");
        if (text is null || !TryParseTime(text, out var when))
        {
            issues.Add(new(IssueType.Required, "Observation needs effectiveDateTime, effectivePeriod.start, a specimen's collection time or issued.", "Observation.effective"));
            return null;
        }
        if (when > clock.GetUtcNow() + options.MaxClockSkew)
        {
            issues.Add(new(IssueType.Value, $"Collection time {text} is in the future.", "Observation.effective"));
            return null;
        }
        return when.ToUniversalTime();
    }

    static string? Time(DataType? value) => value switch
    {
        FhirDateTime dt => dt.Value,
        Period p => p.Start,
        Instant i => i.Value?.ToString("o"),
        _ => null,
    };

    /// <summary>
    /// Where the hemogram comes from, first found wins (docs/API.md, "Location"): coordinates on the result or the
    /// patient's address; the encounter's location; the patient's address (IBGE code, or city and state by name); the
    /// performing organization's address; the registered laboratory of a performer's CNES; the submitting laboratory's
    /// municipality.
    /// </summary>
    PlacedLocation? Locate(Observation observation, DomainResource local, ReadScope scope, DiagnosticReport? report, Patient? patient,
        IReadOnlyList<ResourceReference> performers, List<ParseIssue> issues)
    {
        var home = patient is null ? null : LocationReader.Read(patient.Address);
        const string patientPath = "Observation.subject.resolve().address";
        var before = issues.Count;

        // 1. Coordinates: the result's own geolocation, or the patient's address's.
        if (LocationReader.PointOf(observation.Extension) is { } own)
            return FromPoint(own, null, LocationSource.Coordinates, "Observation", issues);
        if (home?.Point is { } point)
            return FromPoint(point, home, LocationSource.Coordinates, patientPath, issues);

        // 2. The encounter's location.
        if (scope.Resolver.Resolve(local, observation.Encounter ?? report?.Encounter) is Encounter encounter)
            foreach (var stay in encounter.Location)
            {
                if (scope.Resolver.Resolve(local, stay.Location) is not Location where) continue;
                var address = where.Address is null ? null : LocationReader.Read([where.Address]);
                if (LocationReader.PointOf(where.Position) is { } position)
                    return FromPoint(position, address, LocationSource.Encounter, "Observation.encounter.resolve().location.location.resolve().position", issues);
                if (address is not null && FromAddress(address, LocationSource.Encounter, "Observation.encounter.resolve().location.location.resolve().address", issues) is { } placed)
                    return placed;
                if (issues.Count > before) return null;
            }

        // 3. The patient's address.
        if (home is not null && FromAddress(home, LocationSource.PatientAddress, patientPath, issues) is { } atHome) return atHome;
        if (issues.Count > before) return null;

        // 4. The performing organization's address.
        for (var i = 0; i < performers.Count; i++)
        {
            if (scope.Resolver.Resolve(local, performers[i]) is not Organization organization) continue;
            if (LocationReader.Read(organization.Address) is not { } address) continue;
            var path = $"Observation.performer[{i}].resolve().address";
            if (address.Point is { } at) return FromPoint(at, address, LocationSource.PerformerAddress, path, issues);
            if (FromAddress(address, LocationSource.PerformerAddress, path, issues) is { } placed) return placed;
            if (issues.Count > before) return null;
        }

        // 5. The registered laboratory a performer names by CNES.
        foreach (var cnes in Cnes(local, scope.Resolver, performers))
            if (laboratories.FindByCnes(cnes) is { MunicipalityCode: { } code } && municipalities.Find(code) is { } registered)
                return Placed(registered, registered.Centroid, LocationSource.RegisteredLab);

        // 6. The laboratory that submits it.
        if (scope.Submitter is { } submitter && laboratories.Find(submitter) is { MunicipalityCode: { } own2 } && municipalities.Find(own2) is { } submitting)
            return Placed(submitting, submitting.Centroid, LocationSource.SubmittingLab);

        issues.Add(new(IssueType.Required,
            "No location: give the patient's address an IBGE code (BRMunicipio extension), a city and state, or a geolocation; or name a "
            + "registered laboratory's CNES as performer; or register the submitting laboratory's municipality.",
            "Observation.subject"));
        return null;
    }

    PlacedLocation? FromPoint(GeoPoint point, LocationReader.AddressLocation? address, LocationSource source, string path, List<ParseIssue> issues)
    {
        if (!point.IsValid)
        {
            issues.Add(new(IssueType.Value, "Geolocation latitude/longitude are out of range.", $"{path}.extension('{LocationReader.GeolocationExtension}')"));
            return null;
        }
        // The address the coordinate came with names the municipality; a coordinate alone, the nearest one.
        if (address is not null && Named(address) is { } named) return Placed(named, point, source);
        if (address?.IbgeCode is { } code)
        {
            issues.Add(new(IssueType.CodeInvalid, $"IBGE municipality code {code} is not in the municipality table.", $"{path}.extension('{LocationReader.MunicipalityExtension}')"));
            return null;
        }
        if (municipalities.Nearest(point) is { } nearest && nearest.Centroid.DistanceKm(point) <= options.MaxNearestMunicipalityKm)
            return Placed(nearest, point, source);
        issues.Add(new(IssueType.Value, $"No known municipality within {options.MaxNearestMunicipalityKm} km of the coordinate; send the IBGE code.", path));
        return null;
    }

    /// <summary>A place with its coordinate coarsened (<see cref="IngestionOptions.CoordinateDecimals"/>): nothing finer is kept.</summary>
    PlacedLocation Placed(Municipality municipality, GeoPoint point, LocationSource source) =>
        new(municipality, point.Coarsen(options.CoordinateDecimals), source);

    PlacedLocation? FromAddress(LocationReader.AddressLocation address, LocationSource source, string path, List<ParseIssue> issues)
    {
        if (Named(address) is { } municipality) return Placed(municipality, municipality.Centroid, source);
        if (address.IbgeCode is { } code)
            issues.Add(new(IssueType.CodeInvalid, $"IBGE municipality code {code} is not in the municipality table.", $"{path}.extension('{LocationReader.MunicipalityExtension}')"));
        // A city the table does not know is no location; the next place in the order may be.
        return null;
    }

    Municipality? Named(LocationReader.AddressLocation address) =>
        address.IbgeCode is { } code ? municipalities.Find(code) : municipalities.FindByName(address.City, address.State);

    /// <summary>CNES codes the performers name: identifiers of resolved Organizations, and logical references' identifiers.</summary>
    static IEnumerable<string> Cnes(DomainResource local, ReferenceResolver resolver, IReadOnlyList<ResourceReference> performers)
    {
        foreach (var performer in performers)
        {
            var identifiers = resolver.Resolve(local, performer) is Organization o ? o.Identifier : performer.Identifier is { } one ? [one] : [];
            foreach (var identifier in identifiers)
                if (identifier.Value is { Length: 7 } value && value.All(char.IsAsciiDigit) && !LooksPersonal(identifier.System)) yield return value;
        }
    }

    /// <summary>
    /// The performing laboratory as the payload names it: an Organization's first identifier (a CNES) or name, else a
    /// performer's logical identifier or display — never a person's (practitioners and CPFs are skipped).
    /// </summary>
    static string? LabOf(DomainResource local, ReferenceResolver resolver, IReadOnlyList<ResourceReference> performers)
    {
        foreach (var performer in performers)
        {
            var resolved = resolver.Resolve(local, performer);
            if (resolved is Organization org) return org.Identifier.FirstOrDefault(i => !string.IsNullOrEmpty(i.Value))?.Value ?? org.Name;
            if (resolved is not null || performer.Type is "Practitioner" or "PractitionerRole" or "Patient") continue;
            if (performer.Identifier is { Value: { Length: > 0 } id } identifier)
            {
                if (!LooksPersonal(identifier.System)) return id;
                continue;
            }
            if (!string.IsNullOrEmpty(performer.Display) && performer.Reference is null) return performer.Display;
        }
        return null;
    }

    static bool LooksPersonal(string? system) =>
        system is not null && (system.Contains("cpf", StringComparison.OrdinalIgnoreCase) || system.Contains("BRIndividuo", StringComparison.OrdinalIgnoreCase)
            || system.Contains("cns", StringComparison.OrdinalIgnoreCase) && !system.Contains("cnes", StringComparison.OrdinalIgnoreCase));

    static string? SpecimenIdentity(DomainResource local, ReferenceResolver resolver, ResourceReference? reference)
    {
        if (reference is null) return null;
        var identifier = resolver.Resolve(local, reference) is Specimen specimen
            ? specimen.Identifier.FirstOrDefault(i => !string.IsNullOrEmpty(i.Value)) ?? specimen.AccessionIdentifier
            : reference.Identifier;
        return identifier?.Value is { Length: > 0 } value ? $"{identifier.System}|{value}" : null;
    }

    /// <summary>
    /// Who the result is about, as a hash (the patient's identifier — often a CPF or CNS, which must not travel further
    /// than this — else the subject's reference to a server's Patient): with the collection time it identifies a draw.
    /// urn:uuid and contained references name the patient only within one request, so they do not count. The keyed hash
    /// of the group is made of it later.
    /// </summary>
    static string? SubjectIdentity(DomainResource local, ReferenceResolver resolver, ResourceReference? subject)
    {
        if (subject is null) return null;
        string? key = null;
        if ((subject.Identifier ?? (resolver.Resolve(local, subject) as Patient)?.Identifier.FirstOrDefault(i => !string.IsNullOrEmpty(i.Value))) is { Value: { Length: > 0 } value } identifier)
            key = $"id|{identifier.System}|{value}";
        else if (subject.Reference is { Length: > 0 } reference && !reference.StartsWith('#') && !reference.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
            key = "ref|" + reference;
        return key is null ? null : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>
    /// The identity that makes a resubmission the same result: the business identifier, else — inside a document,
    /// collection or report — the container's identity with the id or the code, else the resource id, else a hash of
    /// the content; each scoped by its source (the rest-hook's server, the resource's meta.source, the performing
    /// laboratory, else the submitting account).
    /// </summary>
    static string Identity(Observation observation, ReadScope scope, string? lab, string? code)
    {
        var source = scope.SourceHint ?? MetaSource(observation) ?? lab ?? scope.Submitter?.ToString() ?? "-";
        if (observation.Identifier.FirstOrDefault(i => !string.IsNullOrEmpty(i.Value)) is { } identifier)
            return $"{source}|identifier|{identifier.System}|{identifier.Value}";
        if (scope.Container is { } container)
            return !string.IsNullOrEmpty(observation.Id) ? $"{source}|{container}|id|{observation.Id}" : $"{source}|{container}|code|{code}";
        if (!string.IsNullOrEmpty(observation.Id))
            return $"{source}|id|{observation.Id}";
        return $"{source}|content|{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(FhirJson.Serialize(observation))))}";
    }

    /// <summary>meta.source without its fragment: FHIR servers (HAPI) append the request id after '#', which changes every request.</summary>
    static string? MetaSource(Observation observation) =>
        observation.Meta?.Source is { Length: > 0 } source && source.Split('#')[0] is { Length: > 0 } uri ? uri : null;

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

using Hl7.Fhir.Model;
using Sentinela.Server.Hemograms;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// Reads a whole request — an Observation, a DiagnosticReport, or a Bundle (batch, transaction, document, collection) —
/// into the hemograms it makes and what became of each entry (<see cref="RequestPlan"/>). Results are read by
/// <see cref="HemogramParser"/>; a DiagnosticReport's results (contained or in the Bundle) are one hemogram, a panel's
/// members are read with the panel, single analytes are grouped by draw (<see cref="HemogramAssembler"/>). In a document
/// (Composition first, as RNDS sends "Resultado de Exame Laboratorial") the Composition's status, subject and author apply
/// to its results. In any Bundle, results of other exams beside the blood counts (an export's vital signs, MCV) are left
/// out; a Bundle with no blood count at all is refused. Patients, Organizations and the like are read for references
/// only and never stored. Pure.
/// </summary>
public sealed class HemogramReader(HemogramParser parser)
{
    static readonly HashSet<string> SupportingTypes =
        ["Patient", "Organization", "Practitioner", "PractitionerRole", "Location", "Specimen", "Encounter", "ServiceRequest", "Device", "Provenance"];

    public RequestPlan Read(Resource resource, IReadOnlyDictionary<int, IReadOnlyList<ParseIssue>>? unreadable, Guid? submitter, string? sourceHint = null) => resource switch
    {
        Observation observation => ReadObservation(observation, submitter, sourceHint),
        DiagnosticReport report => ReadAlone(report, submitter, sourceHint),
        Bundle bundle => ReadBundle(bundle, unreadable ?? new Dictionary<int, IReadOnlyList<ParseIssue>>(), submitter, sourceHint),
        _ => new RequestPlan([], [PlannedEntry.Refuse([new(IssueType.NotSupported, $"{resource.TypeName} is not a hemogram; send an Observation, a DiagnosticReport or a Bundle.")])]),
    };

    RequestPlan ReadObservation(Observation observation, Guid? submitter, string? sourceHint)
    {
        var read = parser.Read(observation, new ReadScope(ReferenceResolver.ContainedOnly, Submitter: submitter, SourceHint: sourceHint));
        if (read.Reading is not { } reading) return new RequestPlan([], [PlannedEntry.Refuse(read.Issues)]);
        var (hemograms, _) = HemogramAssembler.Group([(0, reading)], null);
        return hemograms.Count == 0
            ? new RequestPlan([], [PlannedEntry.Refuse([HemogramAssembler.NoUsableAnalyte("Observation")])])
            : new RequestPlan([new PlannedHemogram(hemograms[0].Submission, [0])], [PlannedEntry.Of(0)]);
    }

    RequestPlan ReadAlone(DiagnosticReport report, Guid? submitter, string? sourceHint)
    {
        var read = ReadReport(report, ReferenceResolver.ContainedOnly, null, submitter, sourceHint, null);
        return read.Submission is { } submission
            ? new RequestPlan([new PlannedHemogram(submission, [0])], [PlannedEntry.Of(0)])
            : new RequestPlan([], [PlannedEntry.Refuse(read.Issues)]);
    }

    sealed record ReportRead(HemogramSubmission? Submission, IReadOnlyList<ParseIssue> Issues, IReadOnlyList<Resource> Results);

    /// <summary>One DiagnosticReport as one hemogram of its results; refused whole when any result is unreadable.</summary>
    ReportRead ReadReport(DiagnosticReport report, ReferenceResolver resolver, string? container, Guid? submitter, string? sourceHint, string? path)
    {
        path ??= "DiagnosticReport";
        var issues = new List<ParseIssue>();
        ResultStatus? status = null;
        if (report.Status is not { } fhirStatus)
            issues.Add(new(IssueType.Required, "DiagnosticReport.status is required (1..1 in FHIR R4).", $"{path}.status"));
        else if ((status = ResultStatuses.Of(fhirStatus)) is null)
            issues.Add(new(IssueType.NotSupported, $"DiagnosticReport.status '{Hl7.Fhir.Utility.EnumUtility.GetLiteral(fhirStatus)}' is not a reportable result.", $"{path}.status"));

        var reportIdentity = report.Identifier.FirstOrDefault(i => !string.IsNullOrEmpty(i.Value)) is { } identifier
            ? $"report|identifier|{identifier.System}|{identifier.Value}"
            : !string.IsNullOrEmpty(report.Id) ? (container is null ? "" : container + "|") + $"report|id|{report.Id}" : null;
        var readings = new List<ResultReading>();
        var results = new List<Resource>();
        for (var i = 0; i < report.Result.Count; i++)
        {
            var reference = report.Result[i];
            if (resolver.Resolve(report, reference) is not Observation result)
            {
                issues.Add(new(IssueType.NotFound, $"result '{reference.Reference}' is neither contained nor an Observation in the same Bundle.", $"{path}.result[{i}]"));
                continue;
            }
            results.Add(result);
            DomainResource local = reference.Reference?.StartsWith('#') == true ? report : result;
            var read = parser.Read(result, new ReadScope(resolver, local, submitter, sourceHint, reportIdentity ?? container, report, status, OnlyHemogram: true));
            if (read.LeftOut) continue;
            if (read.Reading is { } reading) readings.Add(reading);
            else issues.AddRange(read.Issues.Select(x => x with { Expression = Under($"{path}.result[{i}].resolve()", x.Expression) }));
        }
        if (issues.Count > 0) return new ReportRead(null, issues, results);
        if (readings.Count == 0)
            return new ReportRead(null, [new(IssueType.Required, "The report has no hemogram results: expected results with LOINC codes such as 777-3 (platelets) or 718-7 (hemoglobin).", $"{path}.result")], results);
        if (readings.All(r => r.Measurements.Count == 0 && r.Status != ResultStatus.Retracted))
            return new ReportRead(null, [HemogramAssembler.NoUsableAnalyte($"{path}.result")], results);
        var group = reportIdentity is null ? readings.Select(HemogramParser.GroupIdentity).FirstOrDefault(g => g is not null)
            : $"{readings[0].Identity[..Math.Max(0, readings[0].Identity.IndexOf('|'))]}|{reportIdentity}";
        return new ReportRead(new HemogramSubmission(group, readings), [], results);
    }

    RequestPlan ReadBundle(Bundle bundle, IReadOnlyDictionary<int, IReadOnlyList<ParseIssue>> unreadable, Guid? submitter, string? sourceHint)
    {
        var entries = new PlannedEntry?[bundle.Entry.Count];
        var hemograms = new List<PlannedHemogram>();
        // An unreadable entry may hold values that throw when read, so it takes no part in references or panels.
        foreach (var (index, issues) in unreadable) entries[index] = PlannedEntry.Refuse(issues, unreadable: true);
        var readable = bundle.Entry.Where((_, i) => entries[i] is null).ToList();
        var resolver = ReferenceResolver.ForBundle(readable);
        var entryOf = new Dictionary<Resource, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < bundle.Entry.Count; i++)
            if (entries[i] is null && bundle.Entry[i].Resource is { } r) entryOf.TryAdd(r, i);

        var isDocument = bundle.Type == Bundle.BundleType.Document;
        var gathers = isDocument || bundle.Type == Bundle.BundleType.Collection;
        var container = gathers && bundle.Identifier?.Value is { Length: > 0 } value ? $"bundle|{bundle.Identifier.System}|{value}" : null;
        var composition = isDocument ? bundle.Entry.FirstOrDefault()?.Resource as Composition : null;
        ResultStatus? documentStatus = null;
        if (isDocument)
        {
            if (composition is null)
                entries[0] ??= PlannedEntry.Refuse([new(IssueType.Structure, "A document Bundle starts with its Composition.", "Bundle.entry[0].resource")]);
            else if (composition.Status is not { } s || (documentStatus = ResultStatuses.Of(s)) is null)
                entries[0] = PlannedEntry.Refuse([new(IssueType.Required, $"Composition.status must be preliminary, final, amended or entered-in-error, not '{composition.Status}'.", "Bundle.entry[0].resource.status")]);
            else entries[0] = PlannedEntry.Noted("Composition read for the document's status, subject and author.");
            container ??= composition?.Id is { Length: > 0 } id ? $"document|{id}" : "document";
        }

        // Panels read their members; reports read their results: those entries are answered with them.
        var consumedBy = new Dictionary<int, int>();
        for (var i = 0; i < bundle.Entry.Count; i++)
            if (entries[i] is null && bundle.Entry[i].Resource is Observation panel)
                foreach (var member in panel.HasMember)
                    if (resolver.Resolve(panel, member) is { } target && entryOf.TryGetValue(target, out var m) && m != i) consumedBy.TryAdd(m, i);

        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            if (entries[i] is not null || bundle.Entry[i].Resource is not DiagnosticReport report) continue;
            var read = ReadReport(report, resolver, container, submitter, sourceHint, $"Bundle.entry[{i}].resource");
            var results = read.Results.Where(entryOf.ContainsKey).Select(r => entryOf[r]).Where(e => e != i).ToList();
            foreach (var result in results) consumedBy.TryAdd(result, i);
            if (read.Submission is { } submission)
            {
                hemograms.Add(new PlannedHemogram(submission, [i, .. results]));
                entries[i] = PlannedEntry.Of(hemograms.Count - 1);
            }
            else entries[i] = PlannedEntry.Refuse(read.Issues);
        }

        var readings = new List<(int Entry, ResultReading Reading)>();
        var leftOut = new List<int>();
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            if (entries[i] is not null || consumedBy.ContainsKey(i)) continue;
            switch (bundle.Entry[i].Resource)
            {
                case null:
                    entries[i] = PlannedEntry.Refuse([new(IssueType.Required, "The entry has no resource.", $"Bundle.entry[{i}]")]);
                    break;
                case Observation observation:
                    // Exports carry other results beside the blood count (vital signs, MCV, glucose): those are left out.
                    var read = parser.Read(observation, new ReadScope(resolver, observation, submitter, sourceHint, container, composition, documentStatus, OnlyHemogram: true));
                    if (read.Reading is { } reading) readings.Add((i, reading));
                    else if (read.LeftOut) leftOut.Add(i);
                    else entries[i] = PlannedEntry.Refuse(read.Issues.Select(x => x with { Expression = Under($"Bundle.entry[{i}].resource", x.Expression) }).ToList());
                    break;
                case var r when SupportingTypes.Contains(r.TypeName):
                    entries[i] = PlannedEntry.Noted($"{r.TypeName} read for references only; Sentinela stores no personal data.");
                    break;
                case var r:
                    entries[i] = PlannedEntry.Refuse([new(IssueType.NotSupported, $"Resource type {r.TypeName} is not accepted; send hemogram Observations or DiagnosticReports.", $"Bundle.entry[{i}].resource")]);
                    break;
            }
        }

        var (grouped, unusable) = HemogramAssembler.Group(readings, gathers ? container : null);
        foreach (var entry in unusable) entries[entry] = PlannedEntry.Refuse([HemogramAssembler.NoUsableAnalyte($"Bundle.entry[{entry}].resource")]);
        foreach (var (submission, from) in grouped)
        {
            hemograms.Add(new PlannedHemogram(submission, from));
            foreach (var entry in from) entries[entry] = PlannedEntry.Of(hemograms.Count - 1);
        }
        // Members and results follow what they belong to; a refused report refuses its results with it.
        foreach (var (member, owner) in consumedBy)
            entries[member] = entries[owner] is { HemogramIndex: { } h } ? PlannedEntry.Of(h)
                : entries[owner] is { Refused: true } ? PlannedEntry.Refuse([new(IssueType.Processing, $"Part of entry[{owner}], which was refused.", $"Bundle.entry[{member}]")])
                : PlannedEntry.Noted($"Read as part of entry[{owner}].");
        // Other results are left out of a Bundle that brings blood counts; a Bundle of nothing else is not a hemogram feed.
        var anyHemogram = hemograms.Count > 0 || readings.Count > 0 || entries.Any(e => e is { Refused: true });
        foreach (var entry in leftOut)
            entries[entry] = anyHemogram ? PlannedEntry.Noted("Not a hemogram result: left out.")
                : PlannedEntry.Refuse([NoHemogramValues($"Bundle.entry[{entry}].resource")]);
        if (isDocument && hemograms.Count == 0 && !entries.Any(e => e is { Refused: true }))
            entries[0] = PlannedEntry.Refuse([new(IssueType.Required, "The document holds no hemogram results.", "Bundle.entry")]);
        return new RequestPlan(hemograms, entries.Select(e => e!).ToList());
    }

    static ParseIssue NoHemogramValues(string path) => new(IssueType.Required,
        "No hemogram values found: expected LOINC codes such as 6690-2 (leukocytes), 718-7 (hemoglobin), 777-3 (platelets) or 4544-3 (hematocrit) with valueQuantity.", path);

    /// <summary>The parser points into the Observation; here that Observation sits somewhere else.</summary>
    static string Under(string at, string? expression) =>
        expression is not null && expression.StartsWith("Observation", StringComparison.Ordinal) ? at + expression["Observation".Length..] : at;
}

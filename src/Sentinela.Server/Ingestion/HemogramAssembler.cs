using Sentinela.Server.Hemograms;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// Makes hemograms of the results a request brings, so that denominators count hemograms, never analytes:
/// <list type="bullet">
/// <item>an Observation with components, or a CBC panel with its members, is one hemogram;</item>
/// <item>the results of one DiagnosticReport are one hemogram (<see cref="HemogramReader"/> collects them);</item>
/// <item>single-analyte Observations of one request are one hemogram per draw: the same specimen (identifier, or the same
/// specimen reference), else the same subject and collection time, else — in a document or collection with neither —
/// the whole document.</item>
/// </list>
/// A hemogram's group (<see cref="HemogramSubmission.GroupIdentity"/>) is what analytes of the same draw sent in later
/// requests share: its report's identity, its specimen's identifier, or its subject and collection time; they join it
/// within Sentinela:Ingestion:MergeWindow. Pure.
/// </summary>
public static class HemogramAssembler
{
    /// <summary>A hemogram of one result; null when it has no value (only absences) and takes nothing back.</summary>
    public static HemogramSubmission? Single(ResultReading reading, string? group) =>
        reading.Measurements.Count > 0 || reading.Status == ResultStatus.Retracted ? new HemogramSubmission(group, [reading]) : null;

    public static ParseIssue NoUsableAnalyte(string path) =>
        new(IssueType.Required, "No usable analyte: every hemogram value is absent (dataAbsentReason); a hemogram needs at least one value.", path);

    /// <summary>
    /// Groups one request's readings (by the entry they came from) into hemograms. <paramref name="together"/>: the
    /// document's or collection's identity, under which single analytes with no specimen or subject are one draw.
    /// Returns each hemogram with the entries it came from, and the entries whose reading had no usable value.
    /// </summary>
    public static (List<(HemogramSubmission Submission, List<int> Entries)> Hemograms, List<int> Unusable) Group(
        IReadOnlyList<(int Entry, ResultReading Reading)> readings, string? together)
    {
        var hemograms = new List<(HemogramSubmission, List<int>)>();
        var unusable = new List<int>();
        var draws = new Dictionary<string, List<(int Entry, ResultReading Reading)>>();
        var order = new List<string>();
        foreach (var (entry, reading) in readings)
        {
            if (!reading.SingleAnalyte)
            {
                if (Single(reading, SpecimenGroup(reading)) is { } alone) hemograms.Add((alone, [entry]));
                else unusable.Add(entry);
                continue;
            }
            var key = reading.SpecimenIdentity is { } specimen ? "s|" + specimen
                : reading.SpecimenReference is { } reference ? "r|" + reference
                : reading is { SubjectIdentity: { } subject, CollectedAt: { } at } ? $"d|{subject}|{at.ToUnixTimeMilliseconds()}"
                : together is not null ? "t|" + together
                : $"e|{entry}";
            if (!draws.TryGetValue(key, out var draw))
            {
                draws[key] = draw = [];
                order.Add(key);
            }
            draw.Add((entry, reading));
        }
        foreach (var key in order)
        {
            var draw = draws[key];
            var members = draw.Select(d => d.Reading).ToList();
            var group = members.Select(m => HemogramParser.GroupIdentity(m)).FirstOrDefault(g => g is not null)
                ?? (together is not null ? $"{SourceOf(members[0].Identity)}|{together}" : null);
            if (members.Any(m => m.Measurements.Count > 0 || m.Status == ResultStatus.Retracted))
                hemograms.Add((new HemogramSubmission(group, members), draw.Select(d => d.Entry).ToList()));
            else unusable.AddRange(draw.Select(d => d.Entry));
        }
        return (hemograms, unusable);
    }

    /// <summary>A whole CBC joins a later one of its specimen only by the specimen's identifier.</summary>
    static string? SpecimenGroup(ResultReading reading) =>
        reading.SpecimenIdentity is { } specimen ? $"{SourceOf(reading.Identity)}|specimen|{specimen}" : null;

    static string SourceOf(string identity) => identity[..Math.Max(0, identity.IndexOf('|'))];
}

using Sentinela.Server.Storage;

namespace Sentinela.Server.Hemograms;

/// <summary>
/// How a stored hemogram changes when its results change: the rules both stores apply, inside their write transaction,
/// when a write finds a stored hemogram by one of its results' identities or by its group (specimen, report, document).
/// Pure, so every rule is unit-tested.
/// <list type="bullet">
/// <item>A result sent again as it was (or as any earlier version of it) changes nothing.</item>
/// <item>amended or corrected replaces the result's values (and the hemogram's place and time, which the correction may
/// fix); final replaces a preliminary; preliminary replaces a preliminary. A final that differs from a stored final, or a
/// preliminary over a final, is a conflict: the laboratory must say amended or corrected.</item>
/// <item>entered-in-error or cancelled retracts the result; a hemogram whose every result is retracted is retracted
/// (kept for audit, no longer counted). A retraction of a result that is not stored is a miss.</item>
/// <item>A result of the same group, within <see cref="MergeWindow"/> of the hemogram's first arrival, joins it.</item>
/// </list>
/// Each change is a new version (the store keeps the old one); the counters take back the old version's count and add
/// the new one's, so a hemogram counts once whatever happens to it.
/// </summary>
public sealed class HemogramLifecycle(bool countPreliminary, TimeSpan mergeWindow)
{
    public bool CountPreliminary => countPreliminary;

    public TimeSpan MergeWindow => mergeWindow;

    /// <summary>Whether a hemogram in this state belongs in the analysis counters.</summary>
    public bool Counts(HemogramStatus status) => status == HemogramStatus.Final || (status == HemogramStatus.Preliminary && countPreliminary);

    /// <summary>
    /// A result stored before content hashes existed (a store upgraded from before issue 15 has no hash for it) sent again
    /// as final with the same values: a lab's retry, not other values under the same identity. Its place and time cannot
    /// be compared, so only the values decide.
    /// </summary>
    static bool IsRetryOfUnhashed(HemogramMember stored, HemogramMember incoming) =>
        stored.ContentHash.Length == 0 && stored.Status == ResultStatus.Final && incoming.Status == ResultStatus.Final
        && stored.Measurements.Count == incoming.Measurements.Count
        && stored.Measurements.All(m => incoming.Measurements.Any(n => n.Parameter == m.Parameter && Math.Abs(n.Value - m.Value) <= 1e-9 * Math.Max(1, Math.Abs(m.Value))));

    /// <summary>
    /// A write that found no stored hemogram, as first stored: only its reporting results (a retraction has nothing to
    /// take back), or null when it was only retractions.
    /// </summary>
    public Hemogram? New(Hemogram candidate)
    {
        var members = candidate.Members;
        if (members.All(m => !m.IsRetracted)) return candidate with { Counted = Counts(candidate.Status) };
        var reporting = members.Where(m => !m.IsRetracted).ToList();
        if (reporting.Count == 0) return null;
        var combined = Combine(candidate with { Members = reporting }, reporting);
        return combined with { SourceKey = reporting[0].Key, Counted = Counts(combined.Status) };
    }

    /// <summary>Whether a candidate found by its group may join this stored hemogram instead of starting another.</summary>
    public bool MayJoin(Hemogram stored, Hemogram candidate) =>
        stored.Status != HemogramStatus.Retracted && candidate.ReceivedAt - stored.ReceivedAt <= mergeWindow;

    /// <summary>What the candidate's results do to the stored hemogram.</summary>
    public Revision Revise(Hemogram current, Hemogram candidate, DateTimeOffset now)
    {
        var members = current.Members.ToList();
        var (added, replaced, retracted, missed) = (0, new List<string>(), 0, 0);
        var conflicts = new List<string>();
        foreach (var incoming in candidate.Members)
        {
            var i = members.FindIndex(m => m.Key == incoming.Key);
            if (i < 0)
            {
                if (incoming.IsRetracted) missed++;
                else
                {
                    members.Add(incoming);
                    added++;
                }
                continue;
            }
            var stored = members[i];
            if (stored.Saw(incoming.ContentHash) || IsRetryOfUnhashed(stored, incoming)) continue;
            var seen = stored.SeenHashes.Append(incoming.ContentHash).ToList();
            switch (incoming.Status)
            {
                case ResultStatus.Retracted when stored.IsRetracted:
                    continue;
                case ResultStatus.Retracted:
                    // The values stay with the retracted result for audit; Combine leaves them out.
                    members[i] = stored with { Status = ResultStatus.Retracted, ContentHash = incoming.ContentHash, SeenHashes = seen };
                    retracted++;
                    continue;
                case ResultStatus.Amended or ResultStatus.Corrected:
                case ResultStatus.Final when stored.Status == ResultStatus.Preliminary:
                case ResultStatus.Preliminary when stored.Status == ResultStatus.Preliminary:
                    // Latest first among equals: a replaced result moves to the end, so its values win in Combine.
                    members.RemoveAt(i);
                    members.Add(incoming with { SeenHashes = seen });
                    replaced.Add(incoming.Status switch
                    {
                        ResultStatus.Final => "finalised",
                        ResultStatus.Preliminary => "preliminary updated",
                        _ => incoming.Status.ToString().ToLowerInvariant(),
                    });
                    continue;
                case ResultStatus.Final when stored.IsRetracted:
                case ResultStatus.Preliminary when stored.IsRetracted:
                    conflicts.Add("a retracted result is reinstated only by status amended or corrected");
                    continue;
                case ResultStatus.Final:
                    conflicts.Add("a final result with this identity is stored with other values; send status amended or corrected to replace it");
                    continue;
                default:
                    conflicts.Add("a preliminary result cannot replace a final one");
                    continue;
            }
        }

        if (conflicts.Count > 0) return new(WriteOutcome.Conflict, current, string.Join("; ", conflicts.Distinct()));
        if (added == 0 && replaced.Count == 0 && retracted == 0)
            return missed > 0 && candidate.Members.All(m => m.IsRetracted)
                ? new(WriteOutcome.NotFound, current, "no stored result has this identity")
                : new(WriteOutcome.Unchanged, current, null);

        // A correction may fix where and when; a late analyte only adds values, and may place the draw more precisely.
        var facts = replaced.Count > 0 ? candidate : current;
        var next = Combine(current with
        {
            Lab = facts.Lab,
            MunicipalityCode = facts.MunicipalityCode,
            StateCode = facts.StateCode,
            Location = facts.Location,
            LocationSource = facts.LocationSource,
            Sex = facts.Sex,
            AgeBand = facts.AgeBand,
            CollectedAt = facts.CollectedAt,
        }, members);
        if (replaced.Count == 0 && added > 0 && Ranks(candidate.LocationSource) < Ranks(current.LocationSource))
            next = next with
            {
                MunicipalityCode = candidate.MunicipalityCode,
                StateCode = candidate.StateCode,
                Location = candidate.Location,
                LocationSource = candidate.LocationSource,
            };
        next = next with { Version = current.Version + 1, UpdatedAt = now, Counted = Counts(next.Status), Sequence = current.Sequence };

        var detail = string.Join(", ", new[]
        {
            replaced.Count > 0 ? string.Join(", ", replaced.Distinct()) : null,
            added > 0 ? $"joined by {added} result{(added == 1 ? "" : "s")}" : null,
            retracted > 0 ? $"{retracted} result{(retracted == 1 ? "" : "s")} retracted" : null,
        }.OfType<string>());
        return new(next.Status == HemogramStatus.Retracted ? WriteOutcome.Retracted : WriteOutcome.Updated, next, detail);
    }

    /// <summary>
    /// The hemogram its results make: each parameter's value from the latest result that measured it (and that result's
    /// finding), absences nobody measured, and the status of the results that stand. With none standing it is retracted,
    /// keeping the values it last had for audit.
    /// </summary>
    static Hemogram Combine(Hemogram basis, IReadOnlyList<HemogramMember> members)
    {
        var standing = members.Where(m => !m.IsRetracted).ToList();
        if (standing.Count == 0) return basis with { Members = members, Status = HemogramStatus.Retracted };
        var values = new Measurement?[HemogramParameters.All.Length];
        var findings = new Finding?[HemogramParameters.All.Length];
        var absent = 0u;
        foreach (var member in standing)
        {
            foreach (var m in member.Measurements)
            {
                values[(int)m.Parameter] = m;
                findings[(int)m.Parameter] = member.Findings.FirstOrDefault(f => f.Parameter == m.Parameter);
            }
            absent |= member.AbsentMask;
        }
        var measured = values.OfType<Measurement>().ToList();
        var graded = findings.OfType<Finding>().ToList();
        foreach (var m in measured) absent &= ~(1u << (int)m.Parameter);
        return basis with
        {
            Members = members,
            Measurements = measured,
            Findings = graded,
            AbnormalMask = Hemogram.MaskOf(graded),
            AbsentMask = absent,
            Status = standing.Any(m => m.Status == ResultStatus.Preliminary) ? HemogramStatus.Preliminary : HemogramStatus.Final,
        };
    }

    /// <summary>Lower is more precise; an unrecorded source ranks last.</summary>
    static int Ranks(LocationSource source) => source == LocationSource.Unknown ? int.MaxValue : (int)source;
}

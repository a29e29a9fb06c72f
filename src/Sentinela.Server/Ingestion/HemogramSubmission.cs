using Sentinela.Geography;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// One hemogram as a request brings it: the results it is made of (one Observation, the results of one report, or the
/// single analytes of one draw), and the group later analytes of the same draw may join (<see cref="HemogramAssembler"/>).
/// Where, when and whose come from its best-placed result.
/// </summary>
public sealed record HemogramSubmission(string? GroupIdentity, IReadOnlyList<ResultReading> Members)
{
    /// <summary>The member whose place is the most precise (the first among equals): where, when and whose.</summary>
    public ResultReading Lead { get; } = Members.Where(m => m.Place is not null).MinBy(m => (int)m.Place!.Source) ?? Members[0];

    public string SourceIdentity => Members[0].Identity;
    public string? Lab => Lead.Lab;
    public Municipality? Municipality => Lead.Place?.Municipality;
    public GeoPoint Location => Lead.Place?.Point ?? default;
    public LocationSource LocationSource => Lead.Place?.Source ?? LocationSource.Unknown;
    public Sex Sex => Members.FirstOrDefault(m => m.Sex != Sex.Unknown)?.Sex ?? Sex.Unknown;
    public int? AgeYears => Members.FirstOrDefault(m => m.AgeYears is not null)?.AgeYears;
    public DateTimeOffset CollectedAt => Lead.CollectedAt ?? Members.FirstOrDefault(m => m.CollectedAt is not null)?.CollectedAt ?? default;

    /// <summary>Every value the standing results measured, the last result's value winning for a parameter measured twice.</summary>
    public IReadOnlyList<Measurement> Measurements
    {
        get
        {
            var values = new Measurement?[HemogramParameters.All.Length];
            foreach (var member in Members.Where(m => m.Status != ResultStatus.Retracted))
                foreach (var m in member.Measurements)
                    values[(int)m.Parameter] = m;
            return values.OfType<Measurement>().ToList();
        }
    }
}

using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sentinela.Server.Analysis.Individual;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// Turns a submission into the de-identified <see cref="Hemogram"/> write the store receives: each result's findings,
/// the keyed hashes of the results' identities and of the group, a content hash per result (equal for a resubmission),
/// a ten-year age band. Pure apart from the id, so the benchmarks run exactly this code.
/// </summary>
public sealed class HemogramFactory(IndividualAnalyzer analyzer, SourceKeyHasher hasher)
{
    public Hemogram Create(HemogramSubmission s, DateTimeOffset receivedAt, Guid? submitter = null)
    {
        var sex = s.Sex;
        var age = s.AgeYears;
        var members = new HemogramMember[s.Members.Count];
        for (var i = 0; i < members.Length; i++)
        {
            var reading = s.Members[i];
            var hash = ContentHash(reading);
            var graded = reading.Status == ResultStatus.Retracted ? [] : analyzer.Analyze(reading.Measurements, sex, age);
            members[i] = new HemogramMember(hasher.Hash(reading.Identity), hash, reading.Status, reading.Measurements, graded, reading.AbsentMask, [hash]);
        }
        var standing = members.Where(m => !m.IsRetracted).ToList();
        var (measurements, findings) = members.Length == 1
            ? (members[0].Measurements, members[0].Findings)
            : Combine(standing);
        var municipality = s.Municipality;
        var first = members[0];
        return new Hemogram
        {
            Id = Guid.CreateVersion7(receivedAt),
            SourceKey = first.Key,
            Lab = s.Lab,
            MunicipalityCode = municipality?.IbgeCode ?? 0,
            StateCode = municipality?.StateCode ?? 0,
            Location = s.Location,
            LocationSource = s.LocationSource,
            Sex = sex,
            AgeBand = AgeBand(age),
            CollectedAt = s.CollectedAt,
            ReceivedAt = receivedAt,
            Measurements = measurements,
            Findings = findings,
            AbnormalMask = Hemogram.MaskOf(findings),
            AbsentMask = standing.Aggregate(0u, (mask, m) => mask | m.AbsentMask) & ~measurements.Aggregate(0u, (mask, m) => mask | 1u << (int)m.Parameter),
            Status = standing.Count == 0 ? HemogramStatus.Retracted
                : standing.Any(m => m.Status == ResultStatus.Preliminary) ? HemogramStatus.Preliminary : HemogramStatus.Final,
            GroupKey = s.GroupIdentity is { } group ? hasher.Hash(group) : null,
            Submitter = submitter,
            ContentHash = first.ContentHash,
            // One final or preliminary result is its own member; anything else is kept explicitly.
            Members = members.Length == 1 && first.Status is ResultStatus.Final or ResultStatus.Preliminary ? [] : members,
        };
    }

    static (IReadOnlyList<Measurement>, IReadOnlyList<Finding>) Combine(List<HemogramMember> standing)
    {
        var values = new Measurement?[HemogramParameters.All.Length];
        var graded = new Finding?[HemogramParameters.All.Length];
        foreach (var member in standing)
            foreach (var m in member.Measurements)
            {
                values[(int)m.Parameter] = m;
                graded[(int)m.Parameter] = member.Findings.FirstOrDefault(f => f.Parameter == m.Parameter);
            }
        return (values.OfType<Measurement>().ToList(), graded.OfType<Finding>().ToList());
    }

    /// <summary>What Sentinela read from a result, hashed: equal exactly when a resubmission would change nothing.</summary>
    static string ContentHash(ResultReading r)
    {
        var text = new StringBuilder(160);
        text.Append((int)r.Status).Append('|');
        foreach (var m in r.Measurements) text.Append((int)m.Parameter).Append(':').Append(m.Value.ToString("R", CultureInfo.InvariantCulture)).Append(';');
        text.Append('|').Append(r.AbsentMask).Append('|').Append(r.CollectedAt?.ToUnixTimeMilliseconds())
            .Append('|').Append(r.Place?.Municipality.IbgeCode).Append('|').Append(r.Place?.Point.Latitude.ToString("R", CultureInfo.InvariantCulture))
            .Append(',').Append(r.Place?.Point.Longitude.ToString("R", CultureInfo.InvariantCulture)).Append('|').Append((int)r.Sex).Append('|').Append(r.AgeYears);
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text.ToString(), bytes);
            Span<byte> digest = stackalloc byte[32];
            SHA256.HashData(bytes.AsSpan(0, length), digest);
            return Convert.ToHexString(digest[..16]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>Ten-year bands ("30-39", "80+"): enough for epidemiology, too coarse to identify anyone.</summary>
    static string? AgeBand(int? age) => age switch
    {
        null => null,
        >= 80 => "80+",
        _ => $"{age / 10 * 10}-{age / 10 * 10 + 9}",
    };
}

using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Extensions.Options;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Storage.Distributed.Redis;
using StackExchange.Redis;
using Condition = Sentinela.Server.Hemograms.Condition;

namespace Sentinela.Server.Analysis.Collective.Distributed;

/// <summary>
/// The municipality and state sliding windows counted across every instance, in Redis. Per (region, time bucket) three
/// keys share the region's hash tag (<c>{prefix:m:3118601}</c>, <c>{prefix:s:31}</c>), so one script touches one Cluster
/// slot: the counters per parameter (count, sum, sum of squares, low, high: what <see cref="MomentAccumulator"/> and
/// the window test need) packed as doubles in one string, the set of hemogram ids already counted, and the abnormal
/// hemograms (the evidence of a region alert, read only when one is about to be decided). Adding is idempotent: the
/// script counts a hemogram only when SADD finds its id new, so a retried request or the catch-up after an outage never
/// counts twice. Keys expire two windows after their bucket ends, when no evaluation reads them any more.
/// While Redis does not answer, adds are dropped (<see cref="SharedIndexCatchUp"/> adds them again later) and reads
/// answer null: the detector keeps this instance's own counts.
/// </summary>
public sealed class RedisRegionWindows(IConnectionMultiplexer redis, IOptions<SharedAnalysisOptions> shared,
    IOptions<CollectiveAnalysisOptions> analysis, SharedIndexGap gap, ILogger<RedisRegionWindows> logger)
{
    // ARGV: expiry (unix ms), parameter count, then per hemogram: id, abnormal member ('' when normal), n, and
    // n × (parameter, value, square, flags: 1 low, 2 high). The counters are one packed string of doubles, five per
    // parameter (count, sum, sum of squares, low, high): one GET and one SET per call, where a hash field per counter
    // cost ~50 HINCRBY(FLOAT)s per hemogram and region, most of the Redis time. Doubles add exactly like MomentAccumulator.
    const string AddScript = """
        local fmt = '<' .. string.rep('d', 5 * tonumber(ARGV[2]))
        local packed, counters, added, i = redis.call('GET', KEYS[1]), nil, false, 3
        if packed then counters = { struct.unpack(fmt, packed) } else counters = {} for k = 1, 5 * tonumber(ARGV[2]) do counters[k] = 0 end end
        while i <= #ARGV do
          local n = tonumber(ARGV[i + 2])
          if redis.call('SADD', KEYS[2], ARGV[i]) == 1 then
            added = true
            if ARGV[i + 1] ~= '' then redis.call('SADD', KEYS[3], ARGV[i + 1]) end
            for j = i + 3, i + 2 + 4 * n, 4 do
              local at, flags = 5 * tonumber(ARGV[j]), tonumber(ARGV[j + 3])
              counters[at + 1] = counters[at + 1] + 1
              counters[at + 2] = counters[at + 2] + tonumber(ARGV[j + 1])
              counters[at + 3] = counters[at + 3] + tonumber(ARGV[j + 2])
              if flags % 2 == 1 then counters[at + 4] = counters[at + 4] + 1 end
              if flags >= 2 then counters[at + 5] = counters[at + 5] + 1 end
            end
          end
          i = i + 3 + 4 * n
        end
        if added then
          redis.call('SET', KEYS[1], struct.pack(fmt, unpack(counters, 1, 5 * tonumber(ARGV[2]))))
          for k = 1, 3 do redis.call('PEXPIREAT', KEYS[k], ARGV[1]) end
        end
        return 0
        """;

    // KEYS: the counters of a range's buckets, then (for evidence) their abnormal sets; ARGV[1]: how many counters.
    // One call per region window instead of one command per bucket: the keys share the region's slot.
    const string ReadScript = """
        local out = {}
        for i = 1, #KEYS do
          if i <= tonumber(ARGV[1]) then out[i] = redis.call('GET', KEYS[i]) else out[i] = redis.call('SMEMBERS', KEYS[i]) end
        end
        return out
        """;

    readonly string _prefix = shared.Value.KeyPrefix;
    readonly CollectiveAnalysisOptions _analysis = analysis.Value;

    /// <summary>Counts the hemograms in their municipality's and state's current bucket, each once however often it is added.</summary>
    public async Task AddAsync(IReadOnlyList<IndexedHemogram> hemograms, DateTimeOffset now, CancellationToken ct)
    {
        if (hemograms.Count == 0) return;
        if (!redis.IsConnected)
        {
            gap.Open(now);
            return;
        }
        try
        {
            await AddToRedisAsync(hemograms, now, ct);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            gap.Open(now);
            logger.LogWarning(e, "Redis did not count {Count} hemograms in the shared region windows; other instances will not count them", hemograms.Count);
        }
    }

    /// <summary>The shared counts of each range (with the abnormal hemograms when <paramref name="withEvidence"/>); null while Redis does not answer.</summary>
    public async Task<IReadOnlyList<SharedRegionWindow>?> ReadAsync(IReadOnlyCollection<RegionWindowRange> ranges, bool withEvidence, CancellationToken ct)
    {
        if (ranges.Count == 0) return [];
        if (!redis.IsConnected) return null;
        try
        {
            return await Task.WhenAll(ranges.Select(r => ReadRangeAsync(redis.GetDatabase(), r, withEvidence))).WaitAsync(ct);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            logger.LogWarning(e, "Redis did not answer a region window read; deciding on this instance's counts only");
            return null;
        }
    }

    async Task AddToRedisAsync(IReadOnlyList<IndexedHemogram> hemograms, DateTimeOffset now, CancellationToken ct)
    {
        var db = redis.GetDatabase();
        var pending = new List<Task>();
        foreach (var (isState, options) in new[] { (false, _analysis.Municipality), (true, _analysis.State) })
        {
            if (!options.Enabled) continue;
            // One script per (region, bucket): a batch from one lab mostly falls in one municipality and bucket.
            foreach (var group in hemograms.GroupBy(h => (Region: new RegionKey(isState, isState ? h.StateCode : h.MunicipalityCode), Slot: h.CollectedAt.UtcTicks / options.Bucket.Ticks)))
            {
                var expires = new DateTimeOffset((group.Key.Slot + 1) * options.Bucket.Ticks, TimeSpan.Zero) + 2 * options.Window;
                if (expires <= now) continue;
                var args = new List<RedisValue> { expires.ToUnixTimeMilliseconds(), HemogramParameters.All.Length };
                foreach (var h in group) AppendArguments(args, h);
                pending.Add(db.ScriptEvaluateAsync(AddScript, Keys(group.Key.Region, options.Bucket, group.Key.Slot), [.. args]));
            }
        }
        await Task.WhenAll(pending).WaitAsync(ct);
    }

    static void AppendArguments(List<RedisValue> args, IndexedHemogram h)
    {
        args.Add(h.Id.ToByteArray());
        args.Add(h.AbnormalMask == 0 ? RedisValue.EmptyString : HemogramMember.Encode(h));
        var measured = HemogramParameters.All.Where(h.Measured).ToList();
        args.Add(measured.Count);
        foreach (var p in measured)
        {
            var value = h.Value(p);
            args.Add((int)p);
            args.Add(value.ToString("R", CultureInfo.InvariantCulture));
            args.Add((value * value).ToString("R", CultureInfo.InvariantCulture));
            args.Add((h.Has(new Condition(p, Direction.Low)) ? 1 : 0) + (h.Has(new Condition(p, Direction.High)) ? 2 : 0));
        }
    }

    async Task<SharedRegionWindow> ReadRangeAsync(IDatabase db, RegionWindowRange range, bool withEvidence)
    {
        var slots = Enumerable.Range(0, (int)(range.LastSlot - range.FirstSlot + 1)).Select(i => range.FirstSlot + i).ToList();
        var keys = slots.Select(s => Keys(range.Region, range.Bucket, s)).ToList();
        var read = (RedisResult[])(await db.ScriptEvaluateAsync(ReadScript,
            [.. keys.Select(k => k[0]), .. withEvidence ? keys.Select(k => k[2]) : []], [slots.Count]))!;
        var buckets = new Dictionary<(HemogramParameter, long), RegionWindowCounters.Bucket>();
        for (var i = 0; i < slots.Count; i++)
        {
            if (read[i].IsNull) continue;
            var packed = (byte[])read[i]!;
            foreach (var p in HemogramParameters.All)
            {
                var at = (int)p * 5 * sizeof(double);
                double Counter(int k) => BinaryPrimitives.ReadDoubleLittleEndian(packed.AsSpan(at + k * sizeof(double)));
                if (Counter(0) == 0) continue;
                var b = new RegionWindowCounters.Bucket { Low = (int)Counter(3), High = (int)Counter(4) };
                (b.Values.Count, b.Values.Sum, b.Values.SumOfSquares) = ((int)Counter(0), Counter(1), Counter(2));
                buckets[(p, slots[i])] = b;
            }
        }
        var abnormal = new List<IndexedHemogram>();
        for (var i = slots.Count; i < read.Length; i++)
            foreach (var member in (RedisResult[])read[i]!) abnormal.Add(HemogramMember.Decode((byte[])member!));
        return new SharedRegionWindow(range, buckets, abnormal);
    }

    /// <summary>Counters, counted ids, abnormal members: one hash tag per region, the bucket length in the name so a changed setting starts afresh.</summary>
    RedisKey[] Keys(RegionKey region, TimeSpan bucket, long slot)
    {
        var tag = $"{{{_prefix}:{(region.IsState ? 's' : 'm')}:{region.Code}}}:{(long)bucket.TotalSeconds}:{slot}";
        return [tag + ":c", tag + ":ids", tag + ":abn"];
    }
}

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
/// slot: a hash of counters per parameter (count, sum, sum of squares, low, high: what <see cref="MomentAccumulator"/> and
/// the window test need), the set of hemogram ids already counted, and the abnormal hemograms (the evidence of a region
/// alert, read only when one is about to be decided). Adding is idempotent: the script counts a hemogram only when SADD
/// finds its id new, so a retried request or the catch-up after an outage never counts twice. Keys expire two windows
/// after their bucket ends, when no evaluation reads them any more.
/// While Redis does not answer, adds are dropped (<see cref="SharedIndexCatchUp"/> adds them again later) and reads answer null: the detector keeps this instance's own counts.
/// </summary>
public sealed class RedisRegionWindows(IConnectionMultiplexer redis, IOptions<SharedAnalysisOptions> shared,
    IOptions<CollectiveAnalysisOptions> analysis, SharedIndexGap gap, ILogger<RedisRegionWindows> logger)
{
    // ARGV: expiry (unix ms), then per hemogram: id, abnormal member ('' when normal), n, and n × (parameter, value, square, flags: 1 low, 2 high).
    const string AddScript = """
        local i = 2
        while i <= #ARGV do
          local n = tonumber(ARGV[i + 2])
          if redis.call('SADD', KEYS[2], ARGV[i]) == 1 then
            if ARGV[i + 1] ~= '' then redis.call('SADD', KEYS[3], ARGV[i + 1]) end
            for j = i + 3, i + 2 + 4 * n, 4 do
              local p, flags = ARGV[j], tonumber(ARGV[j + 3])
              redis.call('HINCRBY', KEYS[1], 'n' .. p, 1)
              redis.call('HINCRBYFLOAT', KEYS[1], 's' .. p, ARGV[j + 1])
              redis.call('HINCRBYFLOAT', KEYS[1], 'q' .. p, ARGV[j + 2])
              if flags % 2 == 1 then redis.call('HINCRBY', KEYS[1], 'l' .. p, 1) end
              if flags >= 2 then redis.call('HINCRBY', KEYS[1], 'h' .. p, 1) end
            end
          end
          i = i + 3 + 4 * n
        end
        for k = 1, 3 do redis.call('PEXPIREAT', KEYS[k], ARGV[1]) end
        return 0
        """;

    // KEYS: the counter hashes of a range's buckets, then (for evidence) their abnormal sets; ARGV[1]: how many hashes.
    // One call per region window instead of one command per bucket: the keys share the region's slot.
    const string ReadScript = """
        local out = {}
        for i = 1, #KEYS do
          out[i] = i <= tonumber(ARGV[1]) and redis.call('HGETALL', KEYS[i]) or redis.call('SMEMBERS', KEYS[i])
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
                var args = new List<RedisValue> { expires.ToUnixTimeMilliseconds() };
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
            var fields = (RedisResult[])read[i]!;
            for (var f = 0; f < fields.Length; f += 2)
            {
                var name = (string)fields[f]!;
                var value = (RedisValue)fields[f + 1];
                var key = ((HemogramParameter)int.Parse(name.AsSpan(1), CultureInfo.InvariantCulture), slots[i]);
                buckets.TryGetValue(key, out var b);
                switch (name[0])
                {
                    case 'n': b.Values.Count = (int)value; break;
                    case 's': b.Values.Sum = (double)value; break;
                    case 'q': b.Values.SumOfSquares = (double)value; break;
                    case 'l': b.Low = (int)value; break;
                    case 'h': b.High = (int)value; break;
                }
                buckets[key] = b;
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

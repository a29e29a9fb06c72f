using System.Diagnostics;
using Microsoft.Extensions.Options;
using Sentinela.Geography;
using Sentinela.Server.Analysis.Collective;
using Sentinela.Server.Analysis.Collective.Distributed;
using Sentinela.Server.Hemograms;
using StackExchange.Redis;

namespace Sentinela.Benchmarks;

/// <summary>
/// <c>-- --geo &lt;points&gt; &lt;redis&gt; [queries]</c>: the radius lens's query (newest 2 × RecentCount measuring a parameter within
/// RadiusKm and the window) on the embedded <see cref="HemogramIndex"/> and on <see cref="RedisHemogramIndex"/>, over the
/// same points: Minas Gerais municipalities, jittered ±0.1°, spread evenly over the last 72 h. A console run rather than
/// BenchmarkDotNet: loading millions of points into Redis once, outside any iteration, is the point.
/// </summary>
public static class GeoIndexComparison
{
    public static async Task<int> RunAsync(int points, string redisConfiguration, int queries)
    {
        var options = ServerDefaults.Collective();
        var radius = options.Radius;
        var (table, _) = ServerDefaults.Municipalities();
        var state = table.InState(Workload.MinasGerais).ToArray();
        var now = DateTimeOffset.UtcNow;
        var random = new Random(Workload.DefaultSeed);

        var stopwatch = Stopwatch.StartNew();
        var hemograms = new IndexedHemogram[points];
        for (var i = 0; i < points; i++)
        {
            var m = state[random.Next(state.Length)];
            var at = now - radius.Window + TimeSpan.FromTicks((long)(radius.Window.Ticks * ((i + 0.5) / points)));
            hemograms[i] = new IndexedHemogram(new Hemogram
            {
                Id = Guid.NewGuid(),
                SourceKey = "",
                Lab = "lab-" + random.Next(50),
                MunicipalityCode = m.IbgeCode,
                StateCode = m.StateCode,
                Location = new GeoPoint(m.Centroid.Latitude + (random.NextDouble() - 0.5) * 0.2, m.Centroid.Longitude + (random.NextDouble() - 0.5) * 0.2).Coarsen(2),
                CollectedAt = at,
                ReceivedAt = at,
                Measurements = [new(HemogramParameter.Platelets, 150 + random.Next(300)), new(HemogramParameter.Hemoglobin, 12 + random.NextDouble() * 4)],
                AbnormalMask = random.Next(20) == 0 ? 1u : 0u,
            });
        }
        Console.WriteLine($"Generated {points:N0} hemograms in {stopwatch.Elapsed.TotalSeconds:0.0} s");

        stopwatch.Restart();
        var embedded = new HemogramIndex();
        foreach (var h in hemograms) embedded.Add(h);
        Console.WriteLine($"Embedded index loaded in {stopwatch.Elapsed.TotalSeconds:0.0} s");

        await using var redis = await ConnectionMultiplexer.ConnectAsync(redisConfiguration + ",allowAdmin=true"); // for INFO memory
        IHemogramGeoIndex shared = new RedisHemogramIndex(redis, Options.Create(new SharedAnalysisOptions { KeyPrefix = $"bench-{Guid.NewGuid():N}" }),
            Options.Create(options), new SharedIndexGap(), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<RedisHemogramIndex>.Instance);
        stopwatch.Restart();
        // Pipelined GEOADD in batches of 10,000 (one command per cell and hour within a batch), four batches in flight.
        var loading = new List<Task>();
        foreach (var batch in hemograms.Chunk(10_000))
        {
            loading.Add(shared.AddAsync(batch, default).AsTask());
            if (loading.Count == 4) { await Task.WhenAny(loading); loading.RemoveAll(t => t.IsCompleted); }
        }
        await Task.WhenAll(loading);
        var memory = (await redis.GetServers()[0].InfoAsync("memory")).SelectMany(g => g).FirstOrDefault(p => p.Key == "used_memory_human").Value;
        Console.WriteLine($"Redis loaded in {stopwatch.Elapsed.TotalSeconds:0.0} s; used_memory {memory}");

        var centres = Enumerable.Range(0, queries).Select(_ => state[random.Next(state.Length)].Centroid).ToArray();
        var from = now - radius.Window;
        var take = radius.RecentCount * 2;
        var mismatches = 0;
        for (var i = 0; i < Math.Min(100, queries); i++)
        {
            var a = embedded.Recent(centres[i], radius.RadiusKm, HemogramParameter.Platelets, from, DateTimeOffset.MaxValue, take);
            var b = await shared.RecentAsync(centres[i], radius.RadiusKm, HemogramParameter.Platelets, from, DateTimeOffset.MaxValue, take, default);
            if (!a.Select(h => h.Id).SequenceEqual(b.Select(h => h.Id))) mismatches++;
        }
        Console.WriteLine($"Answers differing between the two indexes (first 100 queries): {mismatches}");

        var embeddedTimes = Time(queries, i => { embedded.Recent(centres[i], radius.RadiusKm, HemogramParameter.Platelets, from, DateTimeOffset.MaxValue, take); return Task.CompletedTask; });
        var redisTimes = Time(queries, i => shared.RecentAsync(centres[i], radius.RadiusKm, HemogramParameter.Platelets, from, DateTimeOffset.MaxValue, take, default).AsTask());
        Report("Embedded HemogramIndex", await embeddedTimes);
        Report("Redis GEOSEARCH", await redisTimes);
        Console.WriteLine($"Redis / embedded: mean {(await redisTimes).Average() / (await embeddedTimes).Average():0.00}×, "
            + $"p50 {(await redisTimes)[queries / 2] / (await embeddedTimes)[queries / 2]:0.00}×");
        return mismatches == 0 ? 0 : 1;
    }

    static async Task<double[]> Time(int queries, Func<int, Task> query)
    {
        for (var i = 0; i < Math.Min(200, queries); i++) await query(i);
        var times = new double[queries];
        for (var i = 0; i < queries; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await query(i);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }
        Array.Sort(times);
        return times;
    }

    static void Report(string name, double[] sorted) => Console.WriteLine(
        $"{name}: mean {sorted.Average():0.0} µs, p50 {sorted[sorted.Length / 2]:0.0} µs, p99 {sorted[(int)(sorted.Length * 0.99)]:0.0} µs over {sorted.Length:N0} queries");
}

using Sentinela.Geography;
using Sentinela.Server.Analysis.Collective;
using Sentinela.Server.Hemograms;

namespace Sentinela.Tests.Analysis.SharedIndex;

/// <summary>
/// What the radius lens relies on, whatever holds the index: the same hemograms, newest first, for the same circle,
/// parameter, time range and count. Each backend is checked against an in-memory <see cref="HemogramIndex"/> fed the
/// same points: around Contagem, across several grid cells, over more than the 72 h window, some not measuring a parameter.
/// </summary>
public abstract class HemogramGeoIndexContract
{
    protected abstract Task<IHemogramGeoIndex> CreateAsync();

    static readonly GeoPoint Contagem = new(-19.93, -44.05);

    [Fact]
    public async Task Radius_queries_answer_like_the_in_memory_index()
    {
        var now = DateTimeOffset.UtcNow;
        var points = Points(now, 3_000, seed: 5);
        var index = await CreateAsync();
        var reference = new HemogramIndex();
        foreach (var batch in points.Chunk(500)) await index.AddAsync(batch, default);
        foreach (var h in points) reference.Add(h);

        foreach (var centre in new[] { Contagem, new GeoPoint(-19.02, -43.51), new GeoPoint(-20.99, -45.03) })
            foreach (var radius in new[] { 5.0, 50, 150 })
                foreach (var parameter in new[] { HemogramParameter.Platelets, HemogramParameter.Eosinophils })
                    foreach (var take in new[] { 1, 100, 10_000 })
                    {
                        var expected = reference.Recent(centre, radius, parameter, now - TimeSpan.FromHours(72), DateTimeOffset.MaxValue, take);
                        var actual = await index.RecentAsync(centre, radius, parameter, now - TimeSpan.FromHours(72), DateTimeOffset.MaxValue, take, default);
                        Assert.Equal(expected.Select(h => h.Id), actual.Select(h => h.Id));
                    }

        var window = await index.RecentAsync(Contagem, 50, HemogramParameter.Platelets, now - TimeSpan.FromHours(30), now - TimeSpan.FromHours(6), 10_000, default);
        Assert.Equal(reference.Recent(Contagem, 50, HemogramParameter.Platelets, now - TimeSpan.FromHours(30), now - TimeSpan.FromHours(6), 10_000).Select(h => h.Id),
            window.Select(h => h.Id));
        Assert.NotEmpty(window);
    }

    [Fact]
    public async Task A_hemogram_comes_back_with_everything_the_detector_reads()
    {
        var now = DateTimeOffset.UtcNow;
        var original = Points(now, 1, seed: 9)[0];
        var index = await CreateAsync();
        await index.AddAsync([original], default);

        var back = Assert.Single(await index.RecentAsync(original.Location, 1, HemogramParameter.Platelets, now - TimeSpan.FromHours(72), DateTimeOffset.MaxValue, 10, default));

        Assert.Equal((original.Id, original.Location, original.CollectedAt, original.MunicipalityCode, original.StateCode, original.AbnormalMask, original.Lab),
            (back.Id, back.Location, back.CollectedAt, back.MunicipalityCode, back.StateCode, back.AbnormalMask, back.Lab));
        foreach (var p in HemogramParameters.All)
            Assert.Equal((original.Measured(p), original.Measured(p) ? original.Value(p) : 0), (back.Measured(p), back.Measured(p) ? back.Value(p) : 0));
    }

    /// <summary>Distinct millisecond times (ties have no defined order), 2-decimal coordinates as ingestion keeps them.</summary>
    static IndexedHemogram[] Points(DateTimeOffset now, int count, int seed)
    {
        var random = new Random(seed);
        var ages = Enumerable.Range(0, count).Select(i => TimeSpan.FromSeconds(i * (80 * 3600.0 / count))).OrderBy(_ => random.Next()).ToArray();
        return [.. ages.Select((age, i) =>
        {
            var measurements = new List<Measurement>
            {
                new(HemogramParameter.Platelets, 100 + random.Next(300)),
                new(HemogramParameter.Hemoglobin, 10 + random.NextDouble() * 6),
            };
            if (i % 3 != 0) measurements.Add(new(HemogramParameter.Eosinophils, random.NextDouble()));
            return new IndexedHemogram(new Hemogram
            {
                Id = Guid.NewGuid(),
                SourceKey = $"k{i}",
                Lab = i % 4 == 0 ? null : $"lab-{i % 7}",
                MunicipalityCode = 3118601,
                StateCode = 31,
                Location = new GeoPoint(-19.93 + (random.NextDouble() - 0.5) * 3, -44.05 + (random.NextDouble() - 0.5) * 3).Coarsen(2),
                CollectedAt = (now - age).AddMilliseconds(-(now - age).Millisecond),
                ReceivedAt = now,
                Measurements = measurements,
                AbnormalMask = (uint)random.Next(4),
            });
        })];
    }
}

using Sentinela.Geography;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Storage;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Storage.Contracts;

/// <summary>IHemogramStore: durable, idempotent by source key (also under concurrency), read back as written.</summary>
public abstract class HemogramStoreContract : StorageContract
{
    IHemogramStore Store => Storage.Get<IHemogramStore>();

    static readonly Municipality Contagem = ReferenceData.Municipalities.Find(Outbreaks.Contagem)!;
    static readonly Municipality Uberlandia = ReferenceData.Municipalities.Find(Outbreaks.Uberlandia)!;

    static Hemogram Platelets(DateTimeOffset at, bool low = false, Municipality? municipality = null, string? key = null)
    {
        var m = municipality ?? Contagem;
        IReadOnlyList<Finding> findings = low
            ? [new Finding(HemogramParameter.Platelets, Direction.Low, 90_000, 150_000, 450_000, FindingSeverity.Severe)]
            : [];
        return new Hemogram
        {
            Id = Guid.NewGuid(),
            SourceKey = key ?? Guid.NewGuid().ToString("N"),
            Lab = "lab-1",
            MunicipalityCode = m.IbgeCode,
            StateCode = m.StateCode,
            Location = m.Centroid,
            Sex = Sex.Female,
            AgeBand = "30-39",
            CollectedAt = at,
            ReceivedAt = at.AddMinutes(5),
            Measurements = [new Measurement(HemogramParameter.Hemoglobin, 13.5), new Measurement(HemogramParameter.Platelets, low ? 90_000 : 260_000)],
            Findings = findings,
            AbnormalMask = Hemogram.MaskOf(findings),
        };
    }

    [Fact]
    public async Task Appended_hemograms_are_created_with_increasing_sequences()
    {
        var results = await Store.AppendAsync([Platelets(At()), Platelets(At(1)), Platelets(At(2))], default);

        Assert.All(results, r => Assert.True(r.Created));
        Assert.Equal(results.Select(r => r.Sequence).Order(), results.Select(r => r.Sequence));
        Assert.Equal(3, results.Select(r => r.Sequence).Distinct().Count());
        Assert.Equal(3, await Store.CountAsync(default));
    }

    [Fact]
    public async Task Resubmission_by_source_key_returns_the_original_and_is_not_stored_twice()
    {
        var first = Platelets(At(), key: "same");
        var original = (await Store.AppendAsync([first], default)).Single();

        var again = (await Store.AppendAsync([Platelets(At(), key: "same")], default)).Single();

        Assert.Equal((first.Id, original.Sequence, false), (again.Id, again.Sequence, again.Created));
        Assert.Equal(1, await Store.CountAsync(default));
    }

    [Fact]
    public async Task A_source_key_repeated_in_one_batch_is_stored_once_for_its_first_hemogram()
    {
        var (a, b) = (Platelets(At(), key: "twice"), Platelets(At(1), key: "twice"));

        var results = await Store.AppendAsync([a, Platelets(At(2)), b], default);

        Assert.Equal((a.Id, true), (results[0].Id, results[0].Created));
        Assert.Equal((a.Id, results[0].Sequence, false), (results[2].Id, results[2].Sequence, results[2].Created));
        Assert.Equal(2, await Store.CountAsync(default));
    }

    [Fact]
    public async Task Concurrent_submissions_of_one_source_key_store_it_once()
    {
        var other = (await Storage.AnotherInstanceAsync()).GetService(typeof(IHemogramStore)) as IHemogramStore;
        var results = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
            (i % 2 == 0 ? Store : other!).AppendAsync([Platelets(At(), key: "racing")], default)));

        var all = results.SelectMany(r => r).ToList();
        Assert.Single(all, r => r.Created);
        Assert.Single(all.Select(r => (r.Id, r.Sequence)).Distinct());
        Assert.Equal(1, await Store.CountAsync(default));
    }

    [Fact]
    public async Task Stored_hemograms_read_back_with_measurements_and_findings()
    {
        var low = Platelets(At(), low: true);
        await Store.AppendAsync([low, Platelets(At(1))], default);

        var read = (await Store.GetAsync([low.Id, Guid.NewGuid()], default)).Single();

        Assert.Equal(low with { Sequence = read.Sequence, Measurements = read.Measurements, Findings = read.Findings }, read);
        Assert.Equal(low.Measurements, read.Measurements);
        Assert.Equal(low.Findings, read.Findings);
    }

    [Fact]
    public async Task A_hemogram_without_lab_age_band_or_most_values_reads_back_with_them_missing()
    {
        var sparse = Platelets(At()) with { Lab = null, AgeBand = null, Sex = Sex.Unknown, Measurements = [new Measurement(HemogramParameter.Leukocytes, 7_500)] };
        await Store.AppendAsync([Platelets(At(1)), sparse], default);

        var read = (await Store.GetAsync([sparse.Id], default)).Single();

        Assert.Equal(sparse with { Sequence = read.Sequence, Measurements = read.Measurements, Findings = read.Findings }, read);
        Assert.Equal(sparse.Measurements, read.Measurements);
        Assert.Empty(read.Findings);
    }

    [Fact]
    public async Task Evidence_is_the_abnormal_hemograms_of_the_condition_in_the_area_and_window_newest_first_across_months()
    {
        var december = Platelets(new DateTimeOffset(2025, 12, 31, 23, 0, 0, TimeSpan.Zero), low: true);
        var january = Platelets(new DateTimeOffset(2026, 1, 1, 1, 0, 0, TimeSpan.Zero), low: true);
        var normal = Platelets(new DateTimeOffset(2026, 1, 1, 2, 0, 0, TimeSpan.Zero));
        var elsewhere = Platelets(new DateTimeOffset(2026, 1, 1, 3, 0, 0, TimeSpan.Zero), low: true, municipality: Uberlandia);
        var tooEarly = Platelets(new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero), low: true);
        var atTheEnd = Platelets(new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero), low: true);
        await Store.AppendAsync([december, normal, elsewhere], default);
        await Store.AppendAsync([tooEarly, january, atTheEnd], default);
        var (from, to) = (new DateTimeOffset(2025, 12, 30, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero));
        var plateletsLow = new Condition(HemogramParameter.Platelets, Direction.Low);

        var evidence = await Store.AbnormalAsync([Contagem.IbgeCode], plateletsLow, from, to, 10, default);
        var both = await Store.AbnormalAsync([Contagem.IbgeCode, Uberlandia.IbgeCode], plateletsLow, from, to, 10, default);
        var newest = await Store.AbnormalAsync([Contagem.IbgeCode, Uberlandia.IbgeCode], plateletsLow, from, to, 2, default);
        var otherCondition = await Store.AbnormalAsync([Contagem.IbgeCode], new Condition(HemogramParameter.Platelets, Direction.High), from, to, 10, default);

        Assert.Equal([january.Id, december.Id], evidence.Select(h => h.Id));
        Assert.Equal((january.CollectedAt, january.Lab, january.AbnormalMask), (evidence[0].CollectedAt, evidence[0].Lab, evidence[0].AbnormalMask));
        Assert.Equal([elsewhere.Id, january.Id, december.Id], both.Select(h => h.Id));
        Assert.Equal([elsewhere.Id, january.Id], newest.Select(h => h.Id));
        Assert.Empty(otherCondition);
    }

    [Fact]
    public async Task Density_counts_measured_and_abnormal_hemograms_per_municipality_in_the_window()
    {
        await Store.AppendAsync([
            Platelets(At(), low: true), Platelets(At(1), low: true), Platelets(At(2)),
            Platelets(At(3), low: true, municipality: Uberlandia), Platelets(At(-120), low: true)], default);
        var query = new DensityQuery(HemogramParameter.Platelets, null, At(-60), At(60));

        var all = await Store.DensityAsync(query, default);
        var onlyHigh = await Store.DensityAsync(query with { Direction = Direction.High }, default);
        var inContagem = await Store.DensityAsync(query with { MunicipalityCode = Contagem.IbgeCode }, default);
        var inOtherState = await Store.DensityAsync(query with { StateCode = 35 }, default);
        var unmeasured = await Store.DensityAsync(query with { Parameter = HemogramParameter.Leukocytes }, default);

        Assert.Equal([new HemogramDensity(Contagem.IbgeCode, 3, 2), new HemogramDensity(Uberlandia.IbgeCode, 1, 1)],
            all.OrderBy(d => d.MunicipalityCode == Contagem.IbgeCode ? 0 : 1));
        Assert.All(onlyHigh, d => Assert.Equal(0, d.Abnormal));
        Assert.Equal([new HemogramDensity(Contagem.IbgeCode, 3, 2)], inContagem);
        Assert.Empty(inOtherState);
        Assert.Empty(unmeasured);
    }
}

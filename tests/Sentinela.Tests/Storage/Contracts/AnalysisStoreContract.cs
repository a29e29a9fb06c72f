using Sentinela.Geography;
using Sentinela.Server.Analysis.Counting;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Storage;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Storage.Contracts;

/// <summary>
/// IAnalysisStore: every stored hemogram queues its count change in the outbox with the hemogram, and applying the outbox
/// counts each change exactly once — per municipality-day and per laboratory-hour — also with two instances applying at once.
/// </summary>
public abstract class AnalysisStoreContract : StorageContract
{
    IAnalysisStore Analysis => Storage.Get<IAnalysisStore>();
    IHemogramStore Hemograms => Storage.Get<IHemogramStore>();

    static readonly Municipality Contagem = ReferenceData.Municipalities.Find(Outbreaks.Contagem)!;
    static readonly Municipality Uberlandia = ReferenceData.Municipalities.Find(Outbreaks.Uberlandia)!;

    static Hemogram Hemogram(DateTimeOffset collected, bool plateletsLow, Municipality? where = null, string lab = "lab-1", string? key = null)
    {
        var m = where ?? Contagem;
        IReadOnlyList<Finding> findings = plateletsLow
            ? [new Finding(HemogramParameter.Platelets, Direction.Low, 90_000, 150_000, 450_000, FindingSeverity.Severe)]
            : [];
        return new Hemogram
        {
            Id = Guid.NewGuid(),
            SourceKey = key ?? Guid.NewGuid().ToString("N"),
            Lab = lab,
            MunicipalityCode = m.IbgeCode,
            StateCode = m.StateCode,
            Location = m.Centroid,
            CollectedAt = collected,
            ReceivedAt = collected.AddMinutes(30),
            Measurements = [new Measurement(HemogramParameter.Hemoglobin, 13.5), new Measurement(HemogramParameter.Platelets, plateletsLow ? 90_000 : 260_000)],
            Findings = findings,
            AbnormalMask = Server.Hemograms.Hemogram.MaskOf(findings),
        };
    }

    static readonly int PlateletsLow = CountSlots.Abnormal(new Condition(HemogramParameter.Platelets, Direction.Low));
    static readonly int PlateletTests = CountSlots.Tests(HemogramParameter.Platelets);

    [Fact]
    public async Task Stored_hemograms_are_counted_per_municipality_and_brasilia_day_once_applied()
    {
        // 02:30 UTC on the 11th is still the 10th in Brasília.
        var lateEvening = new DateTimeOffset(2025, 3, 11, 2, 30, 0, TimeSpan.Zero);
        await Hemograms.AppendAsync([Hemogram(At(), true), Hemogram(At(1), false), Hemogram(lateEvening, true), Hemogram(At(), true, Uberlandia)], default);

        Assert.Equal(4, await Analysis.BacklogAsync(default));
        Assert.Empty(await Analysis.ReadCountsAsync(0, null, default));
        Assert.Equal(4, await Analysis.ApplyOutboxAsync(100, default));
        Assert.Equal(0, await Analysis.ApplyOutboxAsync(100, default));

        var counts = (await Analysis.ReadCountsAsync(AnalysisDay.Of(At()), null, default)).ToDictionary(c => (c.Municipality, c.Day));
        var contagem = counts[(Contagem.IbgeCode, AnalysisDay.Of(At()))].Slots;
        Assert.Equal(2, counts.Count);
        Assert.Equal(AnalysisDay.Of(At()), AnalysisDay.Of(lateEvening));
        Assert.Equal((3, 3, 2), (contagem[CountSlots.Hemograms], contagem[PlateletTests], contagem[PlateletsLow]));
        Assert.Equal(3, contagem[CountSlots.Tests(HemogramParameter.Hemoglobin)]);
        Assert.Equal(0, contagem[CountSlots.Tests(HemogramParameter.Leukocytes)]);
        Assert.Equal(1, counts[(Uberlandia.IbgeCode, AnalysisDay.Of(At()))].Slots[PlateletsLow]);
        Assert.Equal(0, await Analysis.BacklogAsync(default));
    }

    [Fact]
    public async Task A_resubmitted_hemogram_queues_nothing_and_is_counted_once()
    {
        await Hemograms.AppendAsync([Hemogram(At(), true, key: "same")], default);
        await Hemograms.AppendAsync([Hemogram(At(), true, key: "same")], default);

        Assert.Equal(1, await Analysis.ApplyOutboxAsync(100, default));
        Assert.Equal(1, (await Analysis.ReadCountsAsync(0, null, default)).Single().Slots[PlateletsLow]);
    }

    [Fact]
    public async Task Batches_add_to_the_counters_and_two_instances_applying_at_once_count_every_change_exactly_once()
    {
        var other = (IAnalysisStore)(await Storage.AnotherInstanceAsync()).GetService(typeof(IAnalysisStore))!;
        for (var i = 0; i < 10; i++)
            await Hemograms.AppendAsync(Enumerable.Range(0, 30).Select(j => Hemogram(At(j), j % 3 == 0, j % 2 == 0 ? Contagem : Uberlandia)).ToList(), default);

        var applied = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            var total = 0;
            for (int n; (n = await (i % 2 == 0 ? Analysis : other).ApplyOutboxAsync(17, default)) > 0;) total += n;
            return total;
        }));

        Assert.Equal(300, applied.Sum());
        var counts = await Analysis.ReadCountsAsync(0, null, default);
        Assert.Equal(300, counts.Sum(c => c.Slots[CountSlots.Hemograms]));
        Assert.Equal(100, counts.Sum(c => c.Slots[PlateletsLow]));
        Assert.Equal(150, counts.Single(c => c.Municipality == Contagem.IbgeCode).Slots[PlateletTests]);
    }

    [Fact]
    public async Task A_reader_can_ask_for_only_the_counters_changed_since_it_last_read_whatever_their_day()
    {
        await Hemograms.AppendAsync([Hemogram(At(), true), Hemogram(At(), false, Uberlandia)], default);
        await Analysis.ApplyOutboxAsync(100, default);
        // Change times are milliseconds and "since" is inclusive: keep the read apart from both applies.
        await Task.Delay(20);
        var read = DateTimeOffset.UtcNow;
        await Task.Delay(20);

        Assert.Empty(await Analysis.ReadCountsAsync(0, read.AddSeconds(60), default));
        await Hemograms.AppendAsync([Hemogram(At(-60 * 24 * 20), true)], default);
        await Analysis.ApplyOutboxAsync(100, default);

        var changed = Assert.Single(await Analysis.ReadCountsAsync(0, read, default));
        Assert.Equal((Contagem.IbgeCode, AnalysisDay.Of(At(-60 * 24 * 20))), (changed.Municipality, changed.Day));
        Assert.Equal(3, (await Analysis.ReadCountsAsync(0, read.AddMinutes(-5), default)).Count);
    }

    [Fact]
    public async Task Laboratory_hours_count_receipts_and_old_counters_are_pruned()
    {
        var old = At(-60 * 24 * 40);
        await Hemograms.AppendAsync([Hemogram(At(), false, lab: "lab-a"), Hemogram(At(5), true, lab: "lab-a"), Hemogram(At(), false, Uberlandia, lab: "lab-b"),
            Hemogram(old, false, lab: "lab-a")], default);
        await Analysis.ApplyOutboxAsync(100, default);
        var hour = At(30).ToUnixTimeSeconds() / 3600;

        var hours = await Analysis.ReadLabHoursAsync(hour - 1, default);
        Assert.Equal([("lab-a", hour, 2, Contagem.IbgeCode), ("lab-b", hour, 1, Uberlandia.IbgeCode)],
            hours.OrderBy(h => h.Lab).Select(h => (h.Lab, h.Hour, h.Hemograms, h.Municipality)));

        await Analysis.PruneAsync(AnalysisDay.Of(At()) - 30, hour - 24, default);
        Assert.Equal([AnalysisDay.Of(At())], (await Analysis.ReadCountsAsync(0, null, default)).Select(c => c.Day).Distinct());
        Assert.Equal(2, (await Analysis.ReadLabHoursAsync(0, default)).Count);
    }
}

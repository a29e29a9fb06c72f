using Sentinela.Geography;
using Sentinela.Server.Alerts;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Identity;
using Sentinela.Server.Storage;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Unit;

namespace Sentinela.Tests.Storage.Contracts;

/// <summary>IAlertStore: the alert log's global, gap-free sequence, latest versions, filtered listing, evidence.</summary>
public abstract class AlertStoreContract : StorageContract
{
    IAlertStore Store => Storage.Get<IAlertStore>();

    static readonly Municipality Contagem = ReferenceData.Municipalities.Find(Outbreaks.Contagem)!;
    static readonly Municipality Uberlandia = ReferenceData.Municipalities.Find(Outbreaks.Uberlandia)!;
    static readonly Municipality SaoPaulo = ReferenceData.Municipalities.Find(3550308)!;

    static OutbreakAlert Raised(Municipality where, double radiusKm = 10, int minutes = 0) =>
        TestAlerts.Circle(where, radiusKm) with { UpdatedAt = At(minutes), RaisedAt = At(minutes) };

    static AlertChange New(OutbreakAlert version, params Guid[] evidence) => new(version.Id, version, evidence);

    static OutbreakAlert Next(OutbreakAlert alert, AlertStatus status = AlertStatus.Active) =>
        alert with { Version = alert.Version + 1, Status = status, UpdatedAt = alert.UpdatedAt.AddMinutes(1) };

    [Fact]
    public async Task Appended_versions_get_consecutive_sequences_from_one()
    {
        var (a, b) = (Raised(Contagem), Raised(Uberlandia));

        var first = await Store.AppendAsync([New(a), New(b)], default);
        var second = await Store.AppendAsync([New(Next(a))], default);

        Assert.Equal([1L, 2L, 3L], first.Concat(second).Select(v => v.Sequence));
        Assert.Equal(3, await Store.LastSequenceAsync(default));
        Assert.Equal([1L, 2L, 3L], (await Store.EventsAfterAsync(0, 10, default)).Select(e => e.Sequence));
        Assert.Equal([3L], (await Store.EventsAfterAsync(2, 10, default)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task Concurrent_appends_from_two_instances_get_distinct_gap_free_sequences_in_log_order()
    {
        var other = (IAlertStore)(await Storage.AnotherInstanceAsync()).GetService(typeof(IAlertStore))!;
        var appended = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            (i % 2 == 0 ? Store : other).AppendAsync([New(Raised(i % 3 == 0 ? Contagem : Uberlandia))], default)));

        var sequences = appended.SelectMany(a => a).Select(a => a.Sequence).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), sequences);
        var log = await Store.EventsAfterAsync(0, 100, default);
        Assert.Equal(sequences, log.Select(e => e.Sequence));
        Assert.Equal(appended.SelectMany(a => a).OrderBy(a => a.Sequence).Select(a => a.Id), log.Select(e => e.Id));
    }

    [Fact]
    public async Task A_rejected_append_leaves_no_gap_in_the_sequence()
    {
        var a = Raised(Contagem);
        await Store.AppendAsync([New(a)], default);

        await Assert.ThrowsAnyAsync<Exception>(() => Store.AppendAsync([New(Raised(Uberlandia)), New(a)], default));
        var next = await Store.AppendAsync([New(Next(a))], default);

        Assert.Equal(2, next.Single().Sequence);
        Assert.Single(await Store.ListAsync(new AlertQuery(), default));
    }

    [Fact]
    public async Task Get_returns_the_latest_version_and_history_every_version_oldest_first()
    {
        var a = Raised(Contagem);
        await Store.AppendAsync([New(a)], default);
        await Store.AppendAsync([New(Next(a))], default);
        await Store.AppendAsync([New(Next(Next(a), AlertStatus.Resolved))], default);

        var latest = await Store.GetAsync(a.Id, default);
        var history = await Store.HistoryAsync(a.Id, default);

        Assert.Equal((3, AlertStatus.Resolved, 3L), (latest!.Version, latest.Status, latest.Sequence));
        Assert.Equal([1, 2, 3], history.Select(v => v.Version));
        Assert.Equal(a.Area, history[0].Area);
        Assert.Null(await Store.GetAsync(Guid.NewGuid(), default));
        Assert.Empty(await Store.ActiveAsync(default));
    }

    [Fact]
    public async Task Listing_filters_by_place_parameter_and_status_newest_first_and_pages_backwards()
    {
        var (contagem, uberlandia, saoPaulo) = (Raised(Contagem), Raised(Uberlandia, minutes: 1), Raised(SaoPaulo, minutes: 2));
        var anemia = Raised(Contagem, minutes: 3) with { Parameter = HemogramParameter.Hemoglobin };
        await Store.AppendAsync([New(contagem), New(uberlandia), New(saoPaulo), New(anemia)], default);
        await Store.AppendAsync([New(Next(uberlandia, AlertStatus.Resolved))], default);

        Assert.Equal([uberlandia.Id, anemia.Id, saoPaulo.Id, contagem.Id], Ids(await Store.ListAsync(new AlertQuery(), default)));
        Assert.Equal([uberlandia.Id, anemia.Id, contagem.Id], Ids(await Store.ListAsync(new AlertQuery(StateCode: 31), default)));
        Assert.Equal([anemia.Id, contagem.Id], Ids(await Store.ListAsync(new AlertQuery(MunicipalityCode: Contagem.IbgeCode), default)));
        Assert.Equal([anemia.Id], Ids(await Store.ListAsync(new AlertQuery(Parameter: HemogramParameter.Hemoglobin), default)));
        Assert.Equal([uberlandia.Id], Ids(await Store.ListAsync(new AlertQuery(Status: AlertStatus.Resolved), default)));
        Assert.Equal([anemia.Id, saoPaulo.Id], Ids(await Store.ListAsync(new AlertQuery(Before: 5, Limit: 2), default)));
        Assert.Equal([saoPaulo.Id, contagem.Id], Ids(await Store.ListAsync(new AlertQuery(Before: 4), default)));
        Assert.Equal([uberlandia.Id, anemia.Id, saoPaulo.Id], Ids(await Store.ListAsync(new AlertQuery(Since: At(1).AddSeconds(30)), default)));
        Assert.Equal([contagem.Id, saoPaulo.Id], (await Store.ActiveAsync(default)).Where(a => a.Parameter == HemogramParameter.Platelets).Select(a => a.Id));
    }

    [Fact]
    public async Task A_delta_since_a_sequence_lists_the_alerts_changed_after_it_oldest_first()
    {
        var (a, b, c) = (Raised(Contagem), Raised(Uberlandia), Raised(SaoPaulo));
        await Store.AppendAsync([New(a), New(b), New(c)], default);
        await Store.AppendAsync([New(Next(a))], default);

        var delta = await Store.ListAsync(new AlertQuery(SinceSequence: 1), default);

        Assert.Equal([(b.Id, 2L), (c.Id, 3L), (a.Id, 4L)], delta.Select(v => (v.Id, v.Sequence)));
        Assert.Empty(await Store.ListAsync(new AlertQuery(SinceSequence: 4), default));
    }

    [Fact]
    public async Task Listing_within_a_jurisdiction_keeps_the_alerts_that_reach_it()
    {
        var wide = Raised(Contagem, radiusKm: 60);
        var local = Raised(Uberlandia, radiusKm: 5);
        var state = TestAlerts.Of([SaoPaulo.IbgeCode, 3509502]) with { UpdatedAt = At(2) };
        await Store.AppendAsync([New(wide), New(local), New(state)], default);
        var beloHorizonte = Jurisdiction.OfMunicipality(3106200);

        Assert.Equal([local.Id, wide.Id], Ids(await Store.ListAsync(new AlertQuery(Within: Jurisdiction.OfState(31)), default)));
        Assert.Equal([wide.Id], Ids(await Store.ListAsync(new AlertQuery(Within: beloHorizonte), default)));
        Assert.Equal([state.Id], Ids(await Store.ListAsync(new AlertQuery(Within: Jurisdiction.OfMunicipality(3509502)), default)));
        Assert.Equal(3, (await Store.ListAsync(new AlertQuery(Within: Jurisdiction.Country), default)).Count);
    }

    [Fact]
    public async Task Evidence_accumulates_without_duplicates_and_can_arrive_without_a_new_version()
    {
        var a = Raised(Contagem);
        var (h1, h2, h3) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await Store.AppendAsync([New(a, h1, h2)], default);

        var appended = await Store.AppendAsync([new AlertChange(a.Id, null, [h2, h3])], default);

        Assert.Empty(appended);
        Assert.Equal(new[] { h1, h2, h3 }.Order(), (await Store.EvidenceAsync(a.Id, default)).Order());
        Assert.Equal(1, await Store.LastSequenceAsync(default));
    }

    static List<Guid> Ids(IEnumerable<OutbreakAlert> alerts) => alerts.Select(a => a.Id).ToList();
}

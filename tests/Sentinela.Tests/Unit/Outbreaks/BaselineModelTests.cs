using Sentinela.Server.Analysis.Baselines;
using Sentinela.Server.Analysis.Counting;
using Sentinela.Server.Analysis.Scan;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Unit.Outbreaks;

public sealed class BaselineModelTests
{
    const int Contagem = 3118601, BeloHorizonte = 3106200, Betim = 3106705, Uberlandia = 3170206;
    const int Today = 20_000;
    static readonly BaselineOptions Options = new() { PriorRates = { ["platelets-low"] = 0.06 } };
    static readonly Neighbourhood Pool = new(ReferenceData.Municipalities, Options.PoolRadiusKm);

    static CountTable Table() => new(Options.BaselineDays + Options.GuardDays + 1, Today);

    static int BaselineStart => Today - Options.GuardDays - Options.BaselineDays;
    static int BaselineEnd => Today - Options.GuardDays - 1;

    static BaselineModel Fit(CountTable table) => BaselineModel.Fit(table, Today, Options, ReferenceData.Municipalities, Pool);

    static double MeanExpected(BaselineModel model, int municipality) =>
        Enumerable.Range(0, 7).Average(d => model.Expected(municipality, SyntheticCounts.PlateletsLow, Today - d));

    [Fact]
    public void A_city_with_history_gets_its_own_rate_whatever_the_prior()
    {
        var table = Table();
        new SyntheticCounts(table).Days(BeloHorizonte, BaselineStart, BaselineEnd, tests: 400, share: 0.12);

        Assert.InRange(MeanExpected(Fit(table), BeloHorizonte), 0.11, 0.13);
    }

    [Fact]
    public void Without_history_the_prior_rate_and_prior_correlation_apply()
    {
        var model = Fit(Table());

        Assert.Equal(0.06, model.Expected(Contagem, SyntheticCounts.PlateletsLow, Today), 9);
        Assert.Equal(Options.PriorRho, model.Rho(Contagem, SyntheticCounts.PlateletsLow), 9);
    }

    [Fact]
    public void A_small_town_borrows_from_its_neighbours_a_distant_one_from_its_state()
    {
        var table = Table();
        new SyntheticCounts(table)
            .Days(BeloHorizonte, BaselineStart, BaselineEnd, tests: 500, share: 0.20)
            .Days(Betim, BaselineStart, BaselineEnd, tests: 1, share: 0.0)
            .Days(Uberlandia, BaselineStart, BaselineEnd, tests: 1, share: 0.0);

        var model = Fit(table);

        // Betim (≈30 km from Belo Horizonte) leans on its neighbour; Uberlândia (≈500 km) on the state, itself near 20 %.
        Assert.InRange(MeanExpected(model, Betim), 0.10, 0.20);
        Assert.True(MeanExpected(model, Uberlandia) < MeanExpected(model, BeloHorizonte));
    }

    [Fact]
    public void A_weekly_pattern_is_learned_from_the_state_and_applied_by_weekday()
    {
        var table = Table();
        var counts = new SyntheticCounts(table, seed: 3);
        for (var day = BaselineStart; day <= BaselineEnd; day++)
            counts.Days(BeloHorizonte, day, day, tests: 400, share: AnalysisDay.DayOfWeek(day) is 0 or 6 ? 0.20 : 0.10);

        var model = Fit(table);
        var sunday = Enumerable.Range(Today - 6, 7).First(d => AnalysisDay.DayOfWeek(d) == 0);
        var wednesday = Enumerable.Range(Today - 6, 7).First(d => AnalysisDay.DayOfWeek(d) == 3);

        Assert.InRange(model.Expected(BeloHorizonte, SyntheticCounts.PlateletsLow, sunday), 0.17, 0.23);
        Assert.InRange(model.Expected(BeloHorizonte, SyntheticCounts.PlateletsLow, wednesday), 0.085, 0.115);
    }

    [Fact]
    public void Past_outbreak_days_and_the_guard_band_do_not_raise_the_expectation()
    {
        var table = Table();
        new SyntheticCounts(table, seed: 5)
            .Days(BeloHorizonte, BaselineStart, Today, tests: 400, share: 0.05)
            .Days(BeloHorizonte, BaselineStart + 10, BaselineStart + 13, tests: 400, share: 0.30)
            .Days(BeloHorizonte, BaselineEnd + 1, Today, tests: 400, share: 0.40);

        Assert.InRange(MeanExpected(Fit(table), BeloHorizonte), 0.044, 0.056);
    }

    [Fact]
    public void Overdispersion_is_estimated_from_history_as_an_intra_day_correlation()
    {
        var table = Table();
        var counts = new SyntheticCounts(table, seed: 11);
        foreach (var m in new[] { BeloHorizonte, Contagem, Betim })
            counts.Days(m, BaselineStart, BaselineEnd, tests: 300, share: 0.10, rho: 0.02);
        counts.Days(Uberlandia, BaselineStart, BaselineEnd, tests: 300, share: 0.10);

        var model = Fit(table);

        Assert.InRange(model.Rho(BeloHorizonte, SyntheticCounts.PlateletsLow), 0.008, 0.04);
        Assert.True(model.Rho(Uberlandia, SyntheticCounts.PlateletsLow) < model.Rho(BeloHorizonte, SyntheticCounts.PlateletsLow));
    }
}

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
    public void A_past_outbreak_does_not_hide_behind_the_overdispersion_it_inflates()
    {
        // A week at twice the share inside the baseline: counted as ordinary days it would inflate ρ enough to look
        // ordinary itself — and to mask the next outbreak.
        var table = Table();
        var counts = new SyntheticCounts(table, seed: 31);
        foreach (var m in new[] { BeloHorizonte, Contagem, Betim })
            counts.Days(m, BaselineStart, BaselineEnd, tests: 200, share: 0.2, rho: 0.005);
        counts.Days(Uberlandia, BaselineStart, BaselineStart + 19, tests: 200, share: 0.2, rho: 0.005)
            .Days(Uberlandia, BaselineStart + 20, BaselineStart + 26, tests: 200, share: 0.4, rho: 0.005)
            .Days(Uberlandia, BaselineStart + 27, BaselineEnd, tests: 200, share: 0.2, rho: 0.005);

        var model = Fit(table);
        Assert.InRange(MeanExpected(model, Uberlandia), 0.19, 0.21);
        Assert.InRange(model.Rho(Uberlandia, SyntheticCounts.PlateletsLow), 0.0025, 0.0075);
    }

    [Fact]
    public void Rare_conditions_in_small_towns_are_not_learned_too_low()
    {
        // 0.3 cases a day expected: a day with two or three is ordinary here, not an outbreak to leave out of the baseline.
        var table = Table();
        var counts = new SyntheticCounts(table, seed: 13);
        var towns = ReferenceData.Municipalities.InState(31).Select(m => m.IbgeCode).Where(c => c != Contagem).Take(150).ToList();
        foreach (var town in towns) counts.Days(town, BaselineStart, BaselineEnd, tests: 10, share: 0.03);

        // Contagem has no history of its own: it gets its neighbours' rate, pooled from the towns within 50 km and the state.
        Assert.InRange(MeanExpected(Fit(table), Contagem), 0.027, 0.033);
    }

    [Fact]
    public void A_rare_conditions_long_right_tail_is_overdispersion_not_outliers()
    {
        // 2 % of 400 tests a day, the day's share drawn from a Beta (ρ = 1/151): days at three times the mean happen,
        // and dropping them as outliers would learn a ρ too small. One 90-day history estimates ρ only to about ±25 %,
        // so this averages several; with no outlier dropping at all the estimate must be the same.
        var (kept, untouched) = (new List<double>(), new List<double>());
        for (var seed = 1; seed <= 8; seed++)
        {
            var table = Table();
            var counts = new SyntheticCounts(table, seed: seed);
            foreach (var m in new[] { BeloHorizonte, Contagem, Betim, Uberlandia })
                counts.Days(m, BaselineStart, BaselineEnd, tests: 400, share: 0.02, rho: 1 / 151.0);
            kept.Add(Fit(table).Rho(BeloHorizonte, SyntheticCounts.PlateletsLow));
            var noDropping = new BaselineOptions { PriorRates = Options.PriorRates, OutlierZ = 20 };
            untouched.Add(BaselineModel.Fit(table, Today, noDropping, ReferenceData.Municipalities, Pool).Rho(BeloHorizonte, SyntheticCounts.PlateletsLow));
        }

        Assert.InRange(kept.Average(), 0.8 / 151, 1.25 / 151);
        Assert.InRange(kept.Average() / untouched.Average(), 0.95, 1.0001);
    }

    [Fact]
    public void A_season_on_the_rise_is_carried_forward_to_today()
    {
        // The share climbs 1 % a day (relative) across the baseline and on through the guard band to today.
        var table = Table();
        var counts = new SyntheticCounts(table, seed: 17);
        var centre = (BaselineStart + BaselineEnd) / 2.0;
        for (var day = BaselineStart; day <= BaselineEnd; day++)
            foreach (var m in new[] { BeloHorizonte, Contagem, Uberlandia })
                counts.Days(m, day, day, tests: 400, share: 0.10 * Math.Exp(0.01 * (day - centre)));

        var expectedToday = 0.10 * Math.Exp(0.01 * (Today - centre));
        Assert.InRange(Fit(table).Expected(BeloHorizonte, SyntheticCounts.PlateletsLow, Today), 0.93 * expectedToday, 1.07 * expectedToday);
        var flat = BaselineModel.Fit(table, Today, new BaselineOptions { Trend = false }, ReferenceData.Municipalities, Pool);
        Assert.InRange(flat.Expected(BeloHorizonte, SyntheticCounts.PlateletsLow, Today), 0.095, 0.105);
    }

    [Fact]
    public void A_flat_history_has_no_trend()
    {
        var table = Table();
        new SyntheticCounts(table, seed: 19).Days(BeloHorizonte, BaselineStart, BaselineEnd, tests: 400, share: 0.10, rho: 0.01);

        var model = Fit(table);

        Assert.Equal(MeanExpected(model, BeloHorizonte), Enumerable.Range(0, 7).Average(d =>
            model.Expected(BeloHorizonte, SyntheticCounts.PlateletsLow, BaselineStart + 7 + d)), 3);
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

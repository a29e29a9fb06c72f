using Sentinela.Server.Analysis.Counting;
using Sentinela.Server.Hemograms;

namespace Sentinela.Tests.Unit.Outbreaks;

public sealed class CountingTests
{
    static readonly TimeSpan Brasilia = TimeSpan.FromHours(-3);

    [Fact]
    public void A_day_is_a_brasilia_calendar_day_and_knows_its_weekday()
    {
        var monday = new DateTimeOffset(2026, 11, 30, 0, 0, 0, Brasilia);

        Assert.Equal(AnalysisDay.Of(monday), AnalysisDay.Of(monday.AddHours(23).AddMinutes(59)));
        Assert.Equal(AnalysisDay.Of(monday) - 1, AnalysisDay.Of(monday.AddTicks(-1)));
        Assert.Equal(AnalysisDay.Of(monday), AnalysisDay.Of(new DateTimeOffset(2026, 11, 30, 2, 59, 0, TimeSpan.Zero).AddHours(1)));
        Assert.Equal(monday, AnalysisDay.Start(AnalysisDay.Of(monday)));
        Assert.Equal((int)DayOfWeek.Monday, AnalysisDay.DayOfWeek(AnalysisDay.Of(monday)));
        Assert.Equal((int)DayOfWeek.Sunday, AnalysisDay.DayOfWeek(AnalysisDay.Of(monday) - 1));
        Assert.Equal(0.5, AnalysisDay.Elapsed(monday.AddHours(12)), 9);
    }

    [Fact]
    public void A_hemogram_counts_once_per_measured_parameter_and_abnormal_condition_and_a_retraction_takes_it_back()
    {
        var findings = new[] { new Finding(HemogramParameter.Platelets, Direction.Low, 90_000, 150_000, 450_000, FindingSeverity.Severe) };
        var hemogram = new Hemogram
        {
            Id = Guid.NewGuid(), SourceKey = "k", Lab = "lab", MunicipalityCode = 3118601, StateCode = 31, Location = default,
            CollectedAt = new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero), ReceivedAt = new DateTimeOffset(2026, 11, 30, 5, 0, 0, TimeSpan.Zero),
            Measurements = [new(HemogramParameter.Platelets, 90_000), new(HemogramParameter.Hemoglobin, 13)],
            Findings = findings, AbnormalMask = Hemogram.MaskOf(findings),
        };
        var row = new int[CountSlots.Width];

        var change = CountChange.Of(hemogram);
        change.AddTo(row);

        Assert.Equal(AnalysisDay.Of(new DateTimeOffset(2026, 11, 29, 12, 0, 0, Brasilia)), change.Day);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 5, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds() / 3600, change.ReceivedHour);
        Assert.Equal(1, row[CountSlots.Hemograms]);
        Assert.Equal((1, 1, 0), (row[CountSlots.Tests(HemogramParameter.Platelets)], row[CountSlots.Tests(HemogramParameter.Hemoglobin)],
            row[CountSlots.Tests(HemogramParameter.Leukocytes)]));
        Assert.Equal(1, row[CountSlots.Abnormal(SyntheticCounts.PlateletsLow)]);

        CountChange.Of(hemogram, sign: -1).AddTo(row);
        Assert.All(row, v => Assert.Equal(0, v));
    }

    [Fact]
    public void Deltas_fold_a_batch_into_one_row_per_municipality_day_and_count_each_laboratory_hour_of_receipt()
    {
        var deltas = new CountDeltas();
        var a = new CountChange(3118601, 100, "lab-a", 7, 0b100, SyntheticCounts.PlateletsLow.Bit, 1);

        deltas.Add(a);
        deltas.Add(a);
        deltas.Add(a with { Municipality = 3106200 });
        deltas.Add(a with { Sign = -1 });

        Assert.Equal(2, deltas.Days.Count);
        Assert.Equal(1, deltas.Days[(3118601, 100)][CountSlots.Abnormal(SyntheticCounts.PlateletsLow)]);
        Assert.Equal((3, 3106200), deltas.LabHours[("lab-a", 7)]);
    }

    [Fact]
    public void The_table_keeps_a_ring_of_days_and_empties_the_days_that_enter_it()
    {
        var table = new CountTable(days: 3, lastDay: 10);
        new SyntheticCounts(table).Day(1, 8, 5, 1).Day(1, 10, 7, 2).Day(1, 11, 9, 9).Day(1, 7, 9, 9);

        Assert.Equal((8, 10), (table.FirstDay, table.LastDay));
        Assert.Equal([5, 0, 7], new[] { 8, 9, 10 }.Select(d => table.Value(1, d, CountSlots.Hemograms)));
        Assert.Equal(0, table.Value(1, 11, CountSlots.Hemograms));

        table.MoveTo(11);
        Assert.Equal([0, 7, 0], new[] { 9, 10, 11 }.Select(d => table.Value(1, d, CountSlots.Hemograms)));
        Assert.True(table.HasData(1, 9));
        Assert.False(table.HasData(1, 11));
        Assert.Equal(0, table.Value(2, 10, CountSlots.Hemograms));

        table.Add(new CountChange(1, 11, null, 0, 1, 0, 1));
        table.Clear(10);
        Assert.Equal(0, table.Value(1, 10, CountSlots.Hemograms) + table.Value(1, 11, CountSlots.Hemograms));
    }
}

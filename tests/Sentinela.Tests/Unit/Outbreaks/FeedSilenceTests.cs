using Sentinela.Server.Alerts;
using Sentinela.Server.Analysis.Counting;
using Sentinela.Server.Analysis.Outbreaks;
using Sentinela.Server.Analysis.Silence;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Unit.Outbreaks;

public sealed class FeedSilenceTests
{
    const int Contagem = 3118601, Betim = 3106705;
    // A Wednesday, 15:00 in Brasília.
    static readonly DateTimeOffset Now = new(2026, 9, 2, 15, 0, 0, TimeSpan.FromHours(-3));
    static readonly long Hour = Now.ToUnixTimeSeconds() / 3600;

    readonly FeedSilenceMonitor _monitor = new(new FeedSilenceOptions(), ReferenceData.Municipalities, 10);
    readonly LabHours _labs = new();
    readonly CountTable _counts = new(40, AnalysisDay.Of(Now));

    /// <summary>A laboratory delivering <paramref name="perHour"/> hemograms every hour from 07:00 to 18:00 for five weeks, except the last <paramref name="silentHours"/>.</summary>
    void OfficeHours(string lab, int perHour, int silentHours)
    {
        for (var h = Hour - 5 * 7 * 24; h <= Hour; h++)
        {
            var local = DateTimeOffset.FromUnixTimeSeconds(h * 3600).ToOffset(TimeSpan.FromHours(-3)).Hour;
            if (local is >= 7 and <= 18 && h <= Hour - silentHours) _labs.Add(lab, h, perHour, Contagem);
        }
    }

    [Fact]
    public void A_laboratory_that_stopped_sending_raises_one_operational_notice_then_resolves_when_it_is_back()
    {
        OfficeHours("LAB-7", perHour: 10, silentHours: 30);
        OfficeHours("LAB-8", perHour: 10, silentHours: 0);

        var notice = Assert.Single(_monitor.Decide(_labs, _counts, Now));

        Assert.Equal((AlertType.FeedSilence, DetectorKind.FeedSilence, AlertStatus.Active), (notice.Type, notice.Detector, notice.Status));
        Assert.Null(notice.Condition);
        Assert.Equal(["LAB-7"], notice.ReportingLabs);
        Assert.Equal([Contagem], notice.Area.Municipalities);
        Assert.Equal((0, 120.0), (notice.Statistics.Observed, notice.Statistics.Expected));
        Assert.StartsWith("Sem dados de laboratório LAB-7 (Contagem/MG): 0 hemogramas nas últimas 24 horas", notice.Headline);
        Assert.Empty(_monitor.Decide(_labs, _counts, Now));

        for (var h = Hour - 5; h <= Hour; h++) _labs.Add("LAB-7", h, 15, Contagem);
        var resolved = Assert.Single(_monitor.Decide(_labs, _counts, Now));
        Assert.Equal((notice.Id, 2, AlertStatus.Resolved), (resolved.Id, resolved.Version, resolved.Status));
        Assert.StartsWith("Dados normalizados", resolved.Headline);
    }

    [Fact]
    public void A_quiet_night_a_small_feed_or_a_new_laboratory_is_not_a_silence()
    {
        // Sunday-like gaps are in the history; a lab of 1 a day expects too little; a new lab has no past weeks.
        OfficeHours("LAB-NIGHT", perHour: 10, silentHours: 0);
        for (var d = 1; d <= 30; d++) _labs.Add("LAB-SMALL", Hour - 24 * d, 1, Betim);
        _labs.Add("LAB-NEW", Hour - 48, 500, Betim);

        Assert.Empty(_monitor.Decide(_labs, _counts, Now.AddHours(6)));
    }

    [Fact]
    public void A_municipality_without_yesterdays_hemograms_raises_a_notice_unless_its_laboratory_already_has_one()
    {
        var counts = new SyntheticCounts(_counts);
        var yesterday = AnalysisDay.Of(Now) - 1;
        for (var d = yesterday - 35; d < yesterday; d++) counts.Day(Betim, d, 60, 3).Day(Contagem, d, 60, 3);
        OfficeHours("LAB-7", perHour: 10, silentHours: 30);

        var notices = _monitor.Decide(_labs, _counts, Now);

        Assert.Equal(2, notices.Count);
        Assert.Contains(notices, n => n.ReportingLabs is ["LAB-7"]);
        var betim = Assert.Single(notices, n => n.ReportingLabs.Count == 0);
        Assert.Equal([Betim], betim.Area.Municipalities);
        Assert.Equal((0, 60.0), (betim.Statistics.Observed, betim.Statistics.Expected));
    }
}

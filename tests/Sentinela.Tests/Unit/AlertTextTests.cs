using Sentinela.Geography;
using Sentinela.Server.Alerts;
using Sentinela.Server.Hemograms;

namespace Sentinela.Tests.Unit;

public sealed class AlertTextTests
{
    static readonly DateTimeOffset Now = new(2025, 6, 1, 18, 0, 0, TimeSpan.Zero);
    static readonly Condition PlateletsLow = new(HemogramParameter.Platelets, Direction.Low);

    static readonly AlertArea Contagem = new(AreaKind.Municipality, new GeoPoint(-19.9321, -44.0539), 10, 31, "MG", 3118601, "Contagem", [3118601]);

    static readonly AlertArea AroundContagem = Contagem with { Kind = AreaKind.Cluster, Municipalities = [3118601, 3106200, 3106705, 3154606] };

    /// <summary>Three days of Brasília time, from 01/06 00:00 to 03/06 15:00.</summary>
    static AlertStatistics Statistics(int observed, double expected, AlertTrend trend = AlertTrend.Rising) => new(
        observed, expected, observed - expected, expected > 0 ? Math.Round(observed / expected, 2) : 0, 400, observed / 400.0, expected / 400, 0.0012, null,
        new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.FromHours(-3)), new DateTimeOffset(2025, 6, 3, 18, 0, 0, TimeSpan.Zero), trend, 1.8);

    [Fact]
    public void Active_headline_tells_observed_against_expected_over_the_window_and_the_place()
    {
        Assert.Equal(
            "Surto detectado: 42 casos de plaquetas baixas em Contagem/MG de 01/06 a 03/06, 12 esperados (3,5×)",
            AlertText.Headline(AlertType.Outbreak, AlertStatus.Active, PlateletsLow, Contagem, Statistics(42, 12)));
    }

    [Fact]
    public void A_cluster_is_named_by_its_core_and_how_many_more_municipalities_it_covers()
    {
        Assert.Equal("Contagem/MG e mais 3 municípios", AroundContagem.PortugueseName);
        Assert.Equal("Contagem/MG e mais 1 município", (AroundContagem with { Municipalities = [3118601, 3106200] }).PortugueseName);
        Assert.Equal(
            "Surto detectado: 1 caso de leucócitos altos em Contagem/MG e mais 3 municípios de 01/06 a 03/06, 0,2 esperados (5,0×)",
            AlertText.Headline(AlertType.Outbreak, AlertStatus.Active, new Condition(HemogramParameter.Leukocytes, Direction.High), AroundContagem,
                Statistics(1, 0.2)));
    }

    [Fact]
    public void A_one_day_window_says_the_day_and_small_expectations_keep_a_decimal()
    {
        var oneDay = Statistics(9, 2.35) with { WindowStart = new DateTimeOffset(2025, 6, 3, 0, 0, 0, TimeSpan.FromHours(-3)) };

        Assert.Equal("Surto detectado: 9 casos de plaquetas baixas em Contagem/MG em 03/06, 2,4 esperados (3,8×)",
            AlertText.Headline(AlertType.Outbreak, AlertStatus.Active, PlateletsLow, Contagem, oneDay with { Ratio = 3.83 }));
    }

    [Fact]
    public void Resolved_headline_keeps_the_final_tally()
    {
        Assert.Equal(
            "Surto encerrado: 40 casos de plaquetas baixas em Contagem/MG de 01/06 a 03/06, 30 esperados (1,3×)",
            AlertText.Headline(AlertType.Outbreak, AlertStatus.Resolved, PlateletsLow, Contagem, Statistics(40, 30) with { Ratio = 1.33 }));
    }

    [Fact]
    public void A_silent_feed_is_told_as_hemograms_received_against_expected()
    {
        Assert.Equal("Sem dados de laboratório LAB-7 (Contagem/MG): 3 hemogramas nas últimas 24 horas, 180 esperados",
            AlertText.Headline(AlertType.FeedSilence, AlertStatus.Active, null, Contagem, Statistics(3, 180), "LAB-7"));
        Assert.Contains("laboratório", AlertText.SuggestedAction(AlertType.FeedSilence, null));
    }

    [Fact]
    public void The_summary_repeats_the_headlines_numbers_with_significance_and_trend()
    {
        var summary = AlertText.Summary(Statistics(42, 12));

        Assert.Equal("42 observados, 12 esperados (excesso 30; 3,5×); 400 exames; p = 0,0012; de 01/06 a 03/06; tendência crescente", summary);
        Assert.Contains("recorrência 833 dias", AlertText.Summary(Statistics(42, 12) with { RecurrenceIntervalDays = 833.3 }));
    }

    [Theory]
    [InlineData(HemogramParameter.Platelets, Direction.Low, "plaquetas baixas")]
    [InlineData(HemogramParameter.Platelets, Direction.High, "plaquetas altas")]
    [InlineData(HemogramParameter.Hemoglobin, Direction.Low, "hemoglobina baixa")]
    [InlineData(HemogramParameter.Hemoglobin, Direction.High, "hemoglobina alta")]
    [InlineData(HemogramParameter.Leukocytes, Direction.Low, "leucócitos baixos")]
    [InlineData(HemogramParameter.Leukocytes, Direction.High, "leucócitos altos")]
    [InlineData(HemogramParameter.Hematocrit, Direction.Low, "hematócrito baixo")]
    [InlineData(HemogramParameter.Hematocrit, Direction.High, "hematócrito alto")]
    [InlineData(HemogramParameter.Erythrocytes, Direction.Low, "hemácias baixas")]
    [InlineData(HemogramParameter.Erythrocytes, Direction.High, "hemácias altas")]
    [InlineData(HemogramParameter.Neutrophils, Direction.Low, "neutrófilos baixos")]
    [InlineData(HemogramParameter.Neutrophils, Direction.High, "neutrófilos altos")]
    [InlineData(HemogramParameter.Lymphocytes, Direction.Low, "linfócitos baixos")]
    [InlineData(HemogramParameter.Lymphocytes, Direction.High, "linfócitos altos")]
    [InlineData(HemogramParameter.Eosinophils, Direction.Low, "eosinófilos baixos")]
    [InlineData(HemogramParameter.Eosinophils, Direction.High, "eosinófilos altos")]
    public void Condition_adjective_agrees_in_gender_and_number(HemogramParameter p, Direction d, string expected)
    {
        Assert.Equal(expected, new Condition(p, d).Portuguese());
    }

    [Fact]
    public void Condition_has_a_stable_api_name_and_a_bit_of_its_own()
    {
        Assert.Equal("platelets-low", PlateletsLow.ToString());
        Assert.Equal(16, Condition.All.Length);
        Assert.Equal(16, Condition.All.Select(c => c.Bit).Distinct().Count());
        Assert.All(Condition.All, c => Assert.Equal(1, System.Numerics.BitOperations.PopCount(c.Bit)));
    }

    [Fact]
    public void Platelets_low_suggests_investigating_arboviruses()
    {
        var action = AlertText.SuggestedAction(AlertType.Outbreak, PlateletsLow);

        Assert.Contains("dengue", action);
        Assert.Contains("notificar", action);
    }

    [Fact]
    public void Every_condition_has_a_suggested_action_in_portuguese()
    {
        foreach (var condition in Condition.All)
            Assert.False(string.IsNullOrWhiteSpace(AlertText.SuggestedAction(AlertType.Outbreak, condition)), condition.ToString());
        Assert.Contains("Leucocitose", AlertText.SuggestedAction(AlertType.Outbreak, new Condition(HemogramParameter.Leukocytes, Direction.High)));
        Assert.Contains("Anemia", AlertText.SuggestedAction(AlertType.Outbreak, new Condition(HemogramParameter.Hemoglobin, Direction.Low)));
    }
}

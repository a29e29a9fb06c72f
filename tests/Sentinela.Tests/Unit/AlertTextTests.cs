using Sentinela.Geography;
using Sentinela.Server.Alerts;
using Sentinela.Server.Hemograms;

namespace Sentinela.Tests.Unit;

public sealed class AlertTextTests
{
    static readonly DateTimeOffset Now = new(2025, 6, 1, 18, 0, 0, TimeSpan.Zero);
    static readonly Condition PlateletsLow = new(HemogramParameter.Platelets, Direction.Low);

    static readonly AlertArea Contagem =
        new(AreaKind.Municipality, new GeoPoint(-19.9321, -44.0539), 15, 31, "MG", 3118601, "Contagem");

    static readonly AlertArea AroundContagem =
        new(AreaKind.Circle, new GeoPoint(-19.93, -44.05), 50, 31, "MG", 3118601, "Contagem");

    static readonly AlertArea MinasGerais = new(AreaKind.State, new GeoPoint(-18.5, -44.6), 300, 31, "MG", null, null);

    [Fact]
    public void Active_headline_counts_cases_hours_and_place()
    {
        Assert.Equal(
            "Surto detectado: 18 casos de plaquetas baixas nas últimas 6 horas em Contagem/MG",
            AlertText.Headline(AlertStatus.Active, PlateletsLow, Contagem, 18, Now.AddHours(-6), Now));
    }

    [Fact]
    public void One_case_in_the_last_hour_is_singular()
    {
        Assert.Equal(
            "Surto detectado: 1 caso de plaquetas baixas na última hora em Contagem/MG",
            AlertText.Headline(AlertStatus.Active, PlateletsLow, Contagem, 1, Now.AddMinutes(-20), Now));
    }

    [Theory]
    [InlineData(0, "na última hora")]
    [InlineData(60, "na última hora")]
    [InlineData(61, "nas últimas 2 horas")]
    [InlineData(5 * 60 + 1, "nas últimas 6 horas")]
    [InlineData(72 * 60, "nas últimas 72 horas")]
    public void Hours_are_rounded_up_and_never_below_one(int minutesSinceFirstCase, string span)
    {
        var headline = AlertText.Headline(AlertStatus.Active, PlateletsLow, Contagem, 7, Now.AddMinutes(-minutesSinceFirstCase), Now);

        Assert.Contains($" {span} ", headline);
    }

    [Fact]
    public void Resolved_headline_names_condition_and_place_without_counts()
    {
        Assert.Equal(
            "Surto encerrado: plaquetas baixas em Contagem/MG",
            AlertText.Headline(AlertStatus.Resolved, PlateletsLow, Contagem, 40, Now.AddHours(-30), Now));
    }

    [Fact]
    public void Circle_and_state_areas_are_named_in_portuguese()
    {
        Assert.Equal("raio de 50 km em torno de Contagem/MG", AroundContagem.PortugueseName);
        Assert.Equal("MG", MinasGerais.PortugueseName);
        Assert.Equal(
            "Surto detectado: 2 casos de leucócitos altos nas últimas 3 horas em raio de 50 km em torno de Contagem/MG",
            AlertText.Headline(AlertStatus.Active, new Condition(HemogramParameter.Leukocytes, Direction.High), AroundContagem, 2, Now.AddHours(-3), Now));
    }

    [Fact]
    public void A_fractional_radius_is_written_with_a_decimal_comma()
    {
        var area = AroundContagem with { RadiusKm = 12.5 };

        Assert.Equal("raio de 12,5 km em torno de Contagem/MG", area.PortugueseName);
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
        var action = AlertText.SuggestedAction(PlateletsLow);

        Assert.Contains("dengue", action);
        Assert.Contains("notificar", action);
    }

    [Fact]
    public void Every_condition_has_a_suggested_action_in_portuguese()
    {
        foreach (var condition in Condition.All)
            Assert.False(string.IsNullOrWhiteSpace(AlertText.SuggestedAction(condition)), condition.ToString());
        Assert.Contains("Leucocitose", AlertText.SuggestedAction(new Condition(HemogramParameter.Leukocytes, Direction.High)));
        Assert.Contains("Anemia", AlertText.SuggestedAction(new Condition(HemogramParameter.Hemoglobin, Direction.Low)));
    }
}

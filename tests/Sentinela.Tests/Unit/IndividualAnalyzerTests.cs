using Sentinela.Server.Analysis.Individual;
using Sentinela.Server.Hemograms;

namespace Sentinela.Tests.Unit;

public sealed class IndividualAnalyzerTests
{
    static readonly IndividualAnalyzer Shipped = new(ShippedSettings.Individual());

    static IReadOnlyList<Finding> Analyze(HemogramParameter p, double value, Sex sex = Sex.Unknown, int? age = null, IndividualAnalyzer? analyzer = null) =>
        (analyzer ?? Shipped).Analyze([new Measurement(p, value)], sex, age);

    /// <summary>The adult reference ranges the product ships with (canonical units), as documented for operators.</summary>
    public static TheoryData<HemogramParameter, double, double> DefaultRanges() => new()
    {
        { HemogramParameter.Leukocytes, 4_000, 11_000 },
        { HemogramParameter.Hemoglobin, 12, 17.5 },
        { HemogramParameter.Platelets, 150_000, 450_000 },
        { HemogramParameter.Hematocrit, 36, 52 },
        { HemogramParameter.Erythrocytes, 4.0, 6.0 },
        { HemogramParameter.Neutrophils, 1_500, 7_000 },
        { HemogramParameter.Lymphocytes, 1_000, 4_800 },
        { HemogramParameter.Eosinophils, 0, 500 },
    };

    [Theory]
    [MemberData(nameof(DefaultRanges))]
    public void Values_on_either_default_limit_are_normal(HemogramParameter p, double low, double high)
    {
        Assert.Empty(Analyze(p, low));
        Assert.Empty(Analyze(p, high));
        Assert.Empty(Analyze(p, (low + high) / 2));
    }

    [Theory]
    [MemberData(nameof(DefaultRanges))]
    public void Value_just_above_the_default_high_limit_is_high(HemogramParameter p, double low, double high)
    {
        var value = high * 1.001;

        var finding = Assert.Single(Analyze(p, value));

        Assert.Equal(new Finding(p, Direction.High, value, low, high, FindingSeverity.Mild), finding);
    }

    /// <summary>Eosinophils start at zero: nothing lies below that range.</summary>
    public static TheoryData<HemogramParameter, double, double> DefaultRangesWithPositiveLow()
    {
        var data = new TheoryData<HemogramParameter, double, double>();
        foreach (var row in DefaultRanges())
            if ((double)row[1] > 0) data.Add((HemogramParameter)row[0], (double)row[1], (double)row[2]);
        return data;
    }

    [Theory]
    [MemberData(nameof(DefaultRangesWithPositiveLow))]
    public void Value_just_below_the_default_low_limit_is_low(HemogramParameter p, double low, double high)
    {
        var value = low * 0.999;

        var finding = Assert.Single(Analyze(p, value));

        Assert.Equal(new Finding(p, Direction.Low, value, low, high, FindingSeverity.Mild), finding);
    }

    [Fact]
    public void Shipped_ranges_cover_every_parameter()
    {
        foreach (var p in HemogramParameters.All)
            Assert.NotNull(Shipped.RangeFor(p, Sex.Unknown, null));
    }

    [Theory]
    // Platelets below 150 000: 10 % below is 135 000, 30 % below is 105 000.
    [InlineData(HemogramParameter.Platelets, 135_001, FindingSeverity.Mild)]
    [InlineData(HemogramParameter.Platelets, 135_000, FindingSeverity.Moderate)]
    [InlineData(HemogramParameter.Platelets, 105_001, FindingSeverity.Moderate)]
    [InlineData(HemogramParameter.Platelets, 105_000, FindingSeverity.Severe)]
    [InlineData(HemogramParameter.Platelets, 20_000, FindingSeverity.Severe)]
    // Leukocytes above 11 000: 10 % above is 12 100, 30 % above is 14 300.
    [InlineData(HemogramParameter.Leukocytes, 12_099, FindingSeverity.Mild)]
    [InlineData(HemogramParameter.Leukocytes, 12_100, FindingSeverity.Moderate)]
    [InlineData(HemogramParameter.Leukocytes, 14_299, FindingSeverity.Moderate)]
    [InlineData(HemogramParameter.Leukocytes, 14_300, FindingSeverity.Severe)]
    public void Severity_is_graded_by_the_relative_distance_beyond_the_violated_limit(HemogramParameter p, double value, FindingSeverity expected)
    {
        Assert.Equal(expected, Assert.Single(Analyze(p, value)).Severity);
    }

    [Theory]
    [InlineData(HemogramParameter.Hemoglobin, 8.4, FindingSeverity.Severe)]      // exactly 30 % below 12 g/dL
    [InlineData(HemogramParameter.Hematocrit, 32.4, FindingSeverity.Moderate)]   // exactly 10 % below 36 %
    [InlineData(HemogramParameter.Hemoglobin, 19.25, FindingSeverity.Moderate)]  // exactly 10 % above 17.5 g/dL
    public void Severity_cut_offs_hold_for_values_reported_with_decimals(HemogramParameter p, double value, FindingSeverity expected)
    {
        Assert.Equal(expected, Assert.Single(Analyze(p, value)).Severity);
    }

    [Theory]
    [InlineData(HemogramParameter.Hemoglobin, 10.8, FindingSeverity.Moderate)]   // exactly 10 % below 12 g/dL
    [InlineData(HemogramParameter.Erythrocytes, 3.6, FindingSeverity.Moderate)]  // exactly 10 % below 4.0
    public void Severity_cut_offs_are_inclusive_for_one_decimal_values(HemogramParameter p, double value, FindingSeverity expected)
    {
        Assert.Equal(expected, Assert.Single(Analyze(p, value)).Severity);
    }

    [Theory]
    [InlineData(8.01, Direction.Low, FindingSeverity.Mild)]     // 19.9 % below 10
    [InlineData(8, Direction.Low, FindingSeverity.Moderate)]     // 20 % below
    [InlineData(5, Direction.Low, FindingSeverity.Severe)]       // 50 % below
    [InlineData(23.9, Direction.High, FindingSeverity.Mild)]     // 19.5 % above 20
    [InlineData(24, Direction.High, FindingSeverity.Moderate)]   // 20 % above
    [InlineData(30, Direction.High, FindingSeverity.Severe)]     // 50 % above
    public void Severity_cut_offs_come_from_the_options(double value, Direction direction, FindingSeverity expected)
    {
        var analyzer = new IndividualAnalyzer(new IndividualAnalysisOptions
        {
            ModerateDeviation = 0.20,
            SevereDeviation = 0.50,
            ReferenceRanges = [new ReferenceRange { Parameter = HemogramParameter.Hemoglobin, Low = 10, High = 20 }],
        });

        var finding = Assert.Single(Analyze(HemogramParameter.Hemoglobin, value, analyzer: analyzer));

        Assert.Equal(direction, finding.Direction);
        Assert.Equal(expected, finding.Severity);
    }

    [Fact]
    public void Each_abnormal_measurement_gives_one_finding_and_normal_ones_none()
    {
        var findings = Shipped.Analyze(
            [
                new Measurement(HemogramParameter.Platelets, 90_000),
                new Measurement(HemogramParameter.Hemoglobin, 14),
                new Measurement(HemogramParameter.Leukocytes, 15_000),
            ],
            Sex.Unknown, null);

        Assert.Equal(
            new[] { new Condition(HemogramParameter.Platelets, Direction.Low), new Condition(HemogramParameter.Leukocytes, Direction.High) },
            findings.Select(f => f.Condition));
    }

    [Fact]
    public void Parameter_without_a_range_gives_no_finding()
    {
        var analyzer = new IndividualAnalyzer(new IndividualAnalysisOptions
        {
            ReferenceRanges = [new ReferenceRange { Parameter = HemogramParameter.Hemoglobin, Low = 12, High = 17.5 }],
        });

        Assert.Empty(analyzer.Analyze(
            [new Measurement(HemogramParameter.Platelets, 1), new Measurement(HemogramParameter.Leukocytes, 999_999)], Sex.Male, 30));
        Assert.Null(analyzer.RangeFor(HemogramParameter.Platelets, Sex.Male, 30));
    }

    // ---- overrides ----

    static readonly IndividualAnalyzer WithOverrides = new(new IndividualAnalysisOptions
    {
        ReferenceRanges =
        [
            new ReferenceRange { Parameter = HemogramParameter.Hemoglobin, Low = 12, High = 17.5 },
            new ReferenceRange { Parameter = HemogramParameter.Hemoglobin, Low = 11, High = 14.5, MaxAgeYears = 12 },
            new ReferenceRange { Parameter = HemogramParameter.Hemoglobin, Low = 13.5, High = 17.5, Sex = Sex.Male },
            new ReferenceRange { Parameter = HemogramParameter.Hemoglobin, Low = 12, High = 15.5, Sex = Sex.Female },
            new ReferenceRange { Parameter = HemogramParameter.Hemoglobin, Low = 11.5, High = 15, Sex = Sex.Female, MinAgeYears = 60 },
        ],
    });

    [Theory]
    [InlineData(Sex.Unknown, 40, 12, 17.5)]   // general
    [InlineData(Sex.Unknown, null, 12, 17.5)] // unknown age never matches an age band
    [InlineData(Sex.Unknown, 8, 11, 14.5)]    // age band beats general
    [InlineData(Sex.Unknown, 12, 11, 14.5)]   // MaxAgeYears is inclusive
    [InlineData(Sex.Unknown, 13, 12, 17.5)]
    [InlineData(Sex.Male, 40, 13.5, 17.5)]    // sex beats general
    [InlineData(Sex.Male, 8, 13.5, 17.5)]     // sex beats age band
    [InlineData(Sex.Female, 40, 12, 15.5)]
    [InlineData(Sex.Female, 60, 11.5, 15)]    // sex and age beats sex alone; MinAgeYears inclusive
    [InlineData(Sex.Female, 59, 12, 15.5)]
    [InlineData(Sex.Female, null, 12, 15.5)]
    public void The_most_specific_applicable_range_wins(Sex sex, int? age, double low, double high)
    {
        var range = WithOverrides.RangeFor(HemogramParameter.Hemoglobin, sex, age);

        Assert.NotNull(range);
        Assert.Equal((low, high), (range.Low, range.High));
    }

    [Fact]
    public void An_override_changes_which_values_are_abnormal()
    {
        // 13 g/dL: normal for the general range, low for a man, normal for a woman.
        Assert.Empty(Analyze(HemogramParameter.Hemoglobin, 13, Sex.Unknown, 40, WithOverrides));
        var male = Assert.Single(Analyze(HemogramParameter.Hemoglobin, 13, Sex.Male, 40, WithOverrides));
        Assert.Equal((Direction.Low, 13.5, 17.5), (male.Direction, male.ReferenceLow, male.ReferenceHigh));
        Assert.Empty(Analyze(HemogramParameter.Hemoglobin, 13, Sex.Female, 40, WithOverrides));

        // 16 g/dL: high only for a woman.
        var female = Assert.Single(Analyze(HemogramParameter.Hemoglobin, 16, Sex.Female, 40, WithOverrides));
        Assert.Equal((Direction.High, 15.5), (female.Direction, female.ReferenceHigh));

        // 11.5 g/dL in a child: normal under the paediatric range although below the general one.
        Assert.Empty(Analyze(HemogramParameter.Hemoglobin, 11.5, Sex.Unknown, 8, WithOverrides));
    }

    [Fact]
    public void Order_of_configuration_does_not_change_precedence()
    {
        var reversed = new IndividualAnalyzer(new IndividualAnalysisOptions
        {
            ReferenceRanges =
            [
                new ReferenceRange { Parameter = HemogramParameter.Hemoglobin, Low = 11.5, High = 15, Sex = Sex.Female, MinAgeYears = 60 },
                new ReferenceRange { Parameter = HemogramParameter.Hemoglobin, Low = 12, High = 15.5, Sex = Sex.Female },
                new ReferenceRange { Parameter = HemogramParameter.Hemoglobin, Low = 12, High = 17.5 },
            ],
        });

        Assert.Equal(15, reversed.RangeFor(HemogramParameter.Hemoglobin, Sex.Female, 70)?.High);
        Assert.Equal(15.5, reversed.RangeFor(HemogramParameter.Hemoglobin, Sex.Female, 30)?.High);
        Assert.Equal(17.5, reversed.RangeFor(HemogramParameter.Hemoglobin, Sex.Male, 30)?.High);
    }

    [Fact]
    public void Options_reject_inverted_or_negative_ranges_and_inverted_cut_offs()
    {
        var options = new IndividualAnalysisOptions
        {
            ModerateDeviation = 0.4,
            SevereDeviation = 0.2,
            ReferenceRanges =
            [
                new ReferenceRange { Parameter = HemogramParameter.Hemoglobin, Low = 18, High = 12 },
                new ReferenceRange { Parameter = HemogramParameter.Platelets, Low = -1, High = 450_000 },
                new ReferenceRange { Parameter = HemogramParameter.Leukocytes, Low = 4_000, High = 11_000 },
            ],
        };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.ErrorMessage!.Contains("no general range") && e.ErrorMessage.Contains("Erythrocytes"));
        Assert.Contains(errors, e => e.ErrorMessage!.Contains("Hemoglobin"));
        Assert.Contains(errors, e => e.ErrorMessage!.Contains("Platelets"));
        Assert.Contains(errors, e => e.ErrorMessage!.Contains("SevereDeviation"));
    }
}

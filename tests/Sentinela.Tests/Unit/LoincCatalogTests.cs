using Sentinela.Server.Hemograms;
using Sentinela.Server.Ingestion;

namespace Sentinela.Tests.Unit;

public sealed class LoincCatalogTests
{
    [Theory]
    [InlineData("6690-2", HemogramParameter.Leukocytes)]
    [InlineData("26464-8", HemogramParameter.Leukocytes)]
    [InlineData("718-7", HemogramParameter.Hemoglobin)]
    [InlineData("777-3", HemogramParameter.Platelets)]
    [InlineData("26515-7", HemogramParameter.Platelets)]
    [InlineData("4544-3", HemogramParameter.Hematocrit)]
    [InlineData("20570-8", HemogramParameter.Hematocrit)]
    [InlineData("789-8", HemogramParameter.Erythrocytes)]
    [InlineData("26453-1", HemogramParameter.Erythrocytes)]
    [InlineData("751-8", HemogramParameter.Neutrophils)]
    [InlineData("26499-4", HemogramParameter.Neutrophils)]
    [InlineData("731-0", HemogramParameter.Lymphocytes)]
    [InlineData("26474-7", HemogramParameter.Lymphocytes)]
    [InlineData("711-2", HemogramParameter.Eosinophils)]
    [InlineData("26449-9", HemogramParameter.Eosinophils)]
    public void Hemogram_loinc_codes_map_to_their_parameter(string code, HemogramParameter expected)
    {
        Assert.True(LoincCatalog.TryGetParameter(code, out var parameter));
        Assert.Equal(expected, parameter);
    }

    [Theory]
    [InlineData(HemogramParameter.Platelets, "mil/mm³", 95, 95_000)]
    [InlineData(HemogramParameter.Platelets, "mil/mm3", 95, 95_000)]
    [InlineData(HemogramParameter.Platelets, "x10³/µL", 95, 95_000)]
    [InlineData(HemogramParameter.Platelets, "10^3/uL", 95, 95_000)]
    [InlineData(HemogramParameter.Leukocytes, "células/mm³", 4300, 4300)]
    [InlineData(HemogramParameter.Leukocytes, "10*9/L", 4.3, 4300)]
    [InlineData(HemogramParameter.Erythrocytes, "milhões/mm³", 4.6, 4.6)]
    [InlineData(HemogramParameter.Erythrocytes, "x10⁶/µL", 4.6, 4.6)]
    [InlineData(HemogramParameter.Hemoglobin, "g%", 13.5, 13.5)]
    [InlineData(HemogramParameter.Hemoglobin, "g/L", 135, 13.5)]
    [InlineData(HemogramParameter.Hemoglobin, "mmol/L", 8.5, 13.6969)]
    [InlineData(HemogramParameter.Hematocrit, "L/L", 0.41, 41)]
    public void Units_as_Brazilian_and_SI_laboratories_write_them_are_normalised(HemogramParameter parameter, string unit, double value, double canonical)
    {
        Assert.True(LoincCatalog.TryNormalize(parameter, unit, value, out var normalised), unit);
        Assert.Equal(canonical, normalised, 3);
    }

    [Theory]
    [InlineData("59260-0", HemogramParameter.Hemoglobin)] // in mmol/L
    [InlineData("20509-6", HemogramParameter.Hemoglobin)]
    [InlineData("804-5", HemogramParameter.Leukocytes)]
    [InlineData("33256-9", HemogramParameter.Leukocytes)]
    public void Other_common_hemoglobin_and_leukocyte_codes_are_read(string code, HemogramParameter expected)
    {
        Assert.True(LoincCatalog.TryGetParameter(code, out var parameter));
        Assert.Equal(expected, parameter);
    }

    [Theory]
    [InlineData(HemogramParameter.Platelets, "mg/dL")]
    [InlineData(HemogramParameter.Hemoglobin, "mil/mm³")]
    [InlineData(HemogramParameter.Hematocrit, "g/dL")]
    public void A_unit_of_another_kind_is_refused(HemogramParameter parameter, string unit)
    {
        Assert.False(LoincCatalog.TryNormalize(parameter, unit, 1, out _));
    }

    [Theory]
    [InlineData("58410-2")] // the panel itself carries no value
    [InlineData("2345-7")]
    [InlineData("")]
    [InlineData("777-3 ")]
    public void Other_codes_are_not_hemogram_parameters(string code)
    {
        Assert.False(LoincCatalog.TryGetParameter(code, out _));
    }

    [Fact]
    public void Every_parameter_accepts_its_canonical_unit_with_factor_one()
    {
        foreach (var p in HemogramParameters.All)
        {
            Assert.Contains(p.CanonicalUnit(), LoincCatalog.AcceptedUnits(p));
            Assert.True(LoincCatalog.TryNormalize(p, p.CanonicalUnit(), 3.25, out var canonical));
            Assert.Equal(3.25, canonical);
        }
    }

    [Theory]
    [InlineData(HemogramParameter.Platelets, "g/dL")]
    [InlineData(HemogramParameter.Hemoglobin, "%")]
    [InlineData(HemogramParameter.Hematocrit, "g/dL")]
    [InlineData(HemogramParameter.Erythrocytes, "10*3/uL")]
    [InlineData(HemogramParameter.Leukocytes, "10*6/uL")]
    [InlineData(HemogramParameter.Leukocytes, "cells")]
    public void A_unit_of_the_wrong_scale_or_dimension_is_not_normalised(HemogramParameter parameter, string unit)
    {
        Assert.False(LoincCatalog.TryNormalize(parameter, unit, 1, out _));
        Assert.DoesNotContain(unit, LoincCatalog.AcceptedUnits(parameter));
    }

    [Theory]
    [InlineData(HemogramParameter.Platelets, 0, true)]
    [InlineData(HemogramParameter.Platelets, 5_000_000, true)]
    [InlineData(HemogramParameter.Platelets, 5_000_001, false)]
    [InlineData(HemogramParameter.Hemoglobin, 30, true)]
    [InlineData(HemogramParameter.Hemoglobin, 30.01, false)]
    [InlineData(HemogramParameter.Hematocrit, 100, true)]
    [InlineData(HemogramParameter.Hematocrit, 100.5, false)]
    [InlineData(HemogramParameter.Erythrocytes, 15, true)]
    [InlineData(HemogramParameter.Erythrocytes, 16, false)]
    [InlineData(HemogramParameter.Eosinophils, 500_001, false)]
    [InlineData(HemogramParameter.Leukocytes, -0.1, false)]
    public void Plausibility_bounds_are_inclusive_and_exclude_negatives(HemogramParameter parameter, double canonical, bool plausible)
    {
        Assert.Equal(plausible, LoincCatalog.IsPlausible(parameter, canonical));
    }

    [Theory]
    [InlineData(HemogramParameter.Hemoglobin, "g/dl", 14.0, 14.0)]
    [InlineData(HemogramParameter.Platelets, "10*3/ul", 250.0, 250_000.0)]
    [InlineData(HemogramParameter.Leukocytes, "10*9/l", 7.0, 7_000.0)]
    public void Ucum_lower_case_litre_is_accepted(HemogramParameter parameter, string unit, double value, double canonical)
    {
        Assert.True(LoincCatalog.TryNormalize(parameter, unit, value, out var normalised));
        Assert.Equal(canonical, normalised, 9);
    }
}

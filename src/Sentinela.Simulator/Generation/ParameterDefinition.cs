namespace Sentinela.Simulator.Generation;

/// <summary>
/// How one hemogram parameter is coded (LOINC, UCUM), rounded, and which range the server treats as normal
/// by default. Values are in the emitted unit: 10*3/uL for counts, so leukocytes 4.0–11.0 means 4,000–11,000/µL.
/// </summary>
public sealed record ParameterDefinition(
    HemogramParameter Parameter,
    string Name,
    string Loinc,
    string Display,
    string Unit,
    int Decimals,
    double NormalLow,
    double NormalHigh)
{
    public static readonly IReadOnlyList<ParameterDefinition> All =
    [
        new(HemogramParameter.Leukocytes, "leukocytes", "6690-2", "Leukocytes [#/volume] in Blood by Automated count", "10*3/uL", 2, 4.0, 11.0),
        new(HemogramParameter.Hemoglobin, "hemoglobin", "718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL", 1, 12.0, 17.5),
        new(HemogramParameter.Platelets, "platelets", "777-3", "Platelets [#/volume] in Blood by Automated count", "10*3/uL", 0, 150, 450),
        new(HemogramParameter.Hematocrit, "hematocrit", "4544-3", "Hematocrit [Volume Fraction] of Blood by Automated count", "%", 1, 36, 52),
        new(HemogramParameter.Erythrocytes, "erythrocytes", "789-8", "Erythrocytes [#/volume] in Blood by Automated count", "10*6/uL", 2, 4.0, 6.0),
        new(HemogramParameter.Neutrophils, "neutrophils", "751-8", "Neutrophils [#/volume] in Blood by Automated count", "10*3/uL", 2, 1.5, 7.0),
        new(HemogramParameter.Lymphocytes, "lymphocytes", "731-0", "Lymphocytes [#/volume] in Blood by Automated count", "10*3/uL", 2, 1.0, 4.8),
        new(HemogramParameter.Eosinophils, "eosinophils", "711-2", "Eosinophils [#/volume] in Blood by Automated count", "10*3/uL", 2, 0, 0.5),
    ];

    public static ParameterDefinition For(HemogramParameter parameter) => All[(int)parameter];

    /// <summary>Finds a parameter by its CLI/server name (<c>platelets</c>), case-insensitively.</summary>
    public static bool TryFind(string name, out ParameterDefinition definition)
    {
        definition = All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))!;
        return definition is not null;
    }

    /// <summary>The direction in which a value falls outside the normal range, or null when it is normal.</summary>
    public AbnormalDirection? Classify(double value) =>
        value < NormalLow ? AbnormalDirection.Low : value > NormalHigh ? AbnormalDirection.High : null;

    /// <summary>Rounds the way a lab analyser reports this parameter.</summary>
    public decimal Round(double value) => Math.Round((decimal)value, Decimals, MidpointRounding.AwayFromZero);
}

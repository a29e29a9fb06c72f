using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// The LOINC codes of a hemogram and the UCUM units accepted for each, with the factor to the canonical unit.
/// Hand-written because the handful of blood-count units labs actually send is smaller and stricter than a general UCUM engine.
/// </summary>
public static class LoincCatalog
{
    public const string System = "http://loinc.org";
    public const string CbcPanel = "58410-2";

    static readonly Dictionary<string, HemogramParameter> ByCode = new()
    {
        ["6690-2"] = HemogramParameter.Leukocytes,
        ["26464-8"] = HemogramParameter.Leukocytes,
        ["718-7"] = HemogramParameter.Hemoglobin,
        ["777-3"] = HemogramParameter.Platelets,
        ["26515-7"] = HemogramParameter.Platelets,
        ["4544-3"] = HemogramParameter.Hematocrit,
        ["20570-8"] = HemogramParameter.Hematocrit,
        ["789-8"] = HemogramParameter.Erythrocytes,
        ["26453-1"] = HemogramParameter.Erythrocytes,
        ["751-8"] = HemogramParameter.Neutrophils,
        ["26499-4"] = HemogramParameter.Neutrophils,
        ["731-0"] = HemogramParameter.Lymphocytes,
        ["26474-7"] = HemogramParameter.Lymphocytes,
        ["711-2"] = HemogramParameter.Eosinophils,
        ["26449-9"] = HemogramParameter.Eosinophils,
    };

    // Factors to /uL for cell counts. Unit look-ups ignore case: UCUM has both 'l' and 'L' for litre, and no two
    // accepted units differ only by case.
    static readonly Dictionary<string, double> CountUnits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/uL"] = 1,
        ["{cells}/uL"] = 1,
        ["/mm3"] = 1,
        ["10*6/L"] = 1,
        ["10*3/uL"] = 1e3,
        ["10*3/mm3"] = 1e3,
        ["10*9/L"] = 1e3,
        ["k/uL"] = 1e3,
    };

    static readonly Dictionary<HemogramParameter, Dictionary<string, double>> Units = new()
    {
        [HemogramParameter.Leukocytes] = CountUnits,
        [HemogramParameter.Platelets] = CountUnits,
        [HemogramParameter.Neutrophils] = CountUnits,
        [HemogramParameter.Lymphocytes] = CountUnits,
        [HemogramParameter.Eosinophils] = CountUnits,
        [HemogramParameter.Erythrocytes] = new(StringComparer.OrdinalIgnoreCase) { ["10*6/uL"] = 1, ["10*6/mm3"] = 1, ["10*12/L"] = 1, ["/uL"] = 1e-6, ["/mm3"] = 1e-6 },
        // 1 mmol/L of haemoglobin (monomer, 16.114 g/mol) = 1.6114 g/dL.
        [HemogramParameter.Hemoglobin] = new(StringComparer.OrdinalIgnoreCase) { ["g/dL"] = 1, ["g/100mL"] = 1, ["g/L"] = 0.1, ["mmol/L"] = 1.6114 },
        [HemogramParameter.Hematocrit] = new(StringComparer.OrdinalIgnoreCase) { ["%"] = 1, ["L/L"] = 100, ["1"] = 100 },
    };

    // Beyond these, a value is a unit or typing mistake, not a patient.
    static readonly Dictionary<HemogramParameter, double> PlausibleMaximum = new()
    {
        [HemogramParameter.Leukocytes] = 1_000_000,
        [HemogramParameter.Platelets] = 5_000_000,
        [HemogramParameter.Neutrophils] = 1_000_000,
        [HemogramParameter.Lymphocytes] = 1_000_000,
        [HemogramParameter.Eosinophils] = 500_000,
        [HemogramParameter.Erythrocytes] = 15,
        [HemogramParameter.Hemoglobin] = 30,
        [HemogramParameter.Hematocrit] = 100,
    };

    public static bool TryGetParameter(string code, out HemogramParameter parameter) => ByCode.TryGetValue(code, out parameter);

    public static IEnumerable<string> AcceptedUnits(HemogramParameter parameter) => Units[parameter].Keys;

    /// <summary>Converts to the canonical unit; false when the unit is not one this parameter may be sent in.</summary>
    public static bool TryNormalize(HemogramParameter parameter, string unit, double value, out double canonical)
    {
        canonical = 0;
        if (!Units[parameter].TryGetValue(NormalizeSpelling(unit), out var factor)) return false;
        canonical = value * factor;
        return true;
    }

    public static bool IsPlausible(HemogramParameter parameter, double canonicalValue) =>
        canonicalValue >= 0 && canonicalValue <= PlausibleMaximum[parameter];

    // Common non-UCUM spellings seen in lab feeds: µ for u, ^ for *, x10 prefixes, mm³.
    static string NormalizeSpelling(string unit) => unit.Trim()
        .Replace('µ', 'u').Replace('μ', 'u').Replace('^', '*').Replace("mm³", "mm3").Replace("x10", "10").Replace(" ", "");
}

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

    /// <summary>RNDS codes its exams with LOINC codes under its own system (BRNomeExameLOINC); they are LOINC codes all the same.</summary>
    public const string RndsLoincSystem = "http://www.saude.gov.br/fhir/r4/CodeSystem/BRNomeExameLOINC";

    /// <summary>Whether a coding's system is LOINC (directly, or through RNDS's copy).</summary>
    public static bool IsLoinc(string? system) => system is System or RndsLoincSystem;

    static readonly Dictionary<string, HemogramParameter> ByCode = new()
    {
        // By automated count, in blood, manual count, by estimate or corrected for nucleated erythrocytes: the same analyte.
        ["6690-2"] = HemogramParameter.Leukocytes,
        ["26464-8"] = HemogramParameter.Leukocytes,
        ["804-5"] = HemogramParameter.Leukocytes,
        ["33256-9"] = HemogramParameter.Leukocytes,
        ["49498-9"] = HemogramParameter.Leukocytes,
        // Mass concentration (venous, arterial, capillary, calculated, by oximetry) and molar concentration (59260-0, mmol/L).
        ["718-7"] = HemogramParameter.Hemoglobin,
        ["20509-6"] = HemogramParameter.Hemoglobin,
        ["30313-1"] = HemogramParameter.Hemoglobin,
        ["30350-3"] = HemogramParameter.Hemoglobin,
        ["30352-9"] = HemogramParameter.Hemoglobin,
        ["55782-7"] = HemogramParameter.Hemoglobin,
        ["59260-0"] = HemogramParameter.Hemoglobin,
        ["777-3"] = HemogramParameter.Platelets,
        ["26515-7"] = HemogramParameter.Platelets,
        ["778-1"] = HemogramParameter.Platelets,
        ["13056-7"] = HemogramParameter.Platelets,
        ["4544-3"] = HemogramParameter.Hematocrit,
        ["20570-8"] = HemogramParameter.Hematocrit,
        ["31100-1"] = HemogramParameter.Hematocrit,
        ["71833-8"] = HemogramParameter.Hematocrit,
        ["789-8"] = HemogramParameter.Erythrocytes,
        ["26453-1"] = HemogramParameter.Erythrocytes,
        ["790-6"] = HemogramParameter.Erythrocytes,
        ["751-8"] = HemogramParameter.Neutrophils,
        ["26499-4"] = HemogramParameter.Neutrophils,
        ["753-4"] = HemogramParameter.Neutrophils,
        ["731-0"] = HemogramParameter.Lymphocytes,
        ["26474-7"] = HemogramParameter.Lymphocytes,
        ["732-8"] = HemogramParameter.Lymphocytes,
        ["711-2"] = HemogramParameter.Eosinophils,
        ["26449-9"] = HemogramParameter.Eosinophils,
        ["712-0"] = HemogramParameter.Eosinophils,
    };

    /// <summary>Every recognised code, for documentation and tests.</summary>
    public static IEnumerable<KeyValuePair<string, HemogramParameter>> Codes => ByCode;

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
        if (!Units[parameter].TryGetValue(unit, out var factor) && !Units[parameter].TryGetValue(NormalizeSpelling(unit), out factor)) return false;
        canonical = value * factor;
        return true;
    }

    public static bool IsPlausible(HemogramParameter parameter, double canonicalValue) =>
        canonicalValue >= 0 && canonicalValue <= PlausibleMaximum[parameter];

    /// <summary>
    /// The UCUM-like key of a unit as laboratories write it: µ/μ/mc for u, superscripts and ^ for powers (10³ → 10*3),
    /// x10 and ×10 prefixes, mm³, 10e3; and the Brazilian words — "mil/mm³" (10*3/mm3), "milhões/mm³" (10*6/mm3),
    /// "células/mm³" (/mm3), "g%" (g/dL). Spaces and case do not matter.
    /// </summary>
    public static string NormalizeSpelling(string unit)
    {
        var text = new System.Text.StringBuilder(unit.Length + 4);
        var inPower = false;
        foreach (var c in unit.Trim().ToLowerInvariant())
        {
            var superscript = c switch
            {
                '⁰' => '0', '¹' => '1', '²' => '2', '³' => '3', '⁴' => '4', '⁵' => '5', '⁶' => '6', '⁷' => '7', '⁸' => '8', '⁹' => '9',
                _ => '\0',
            };
            if (superscript != '\0')
            {
                // "mm³" is cubic millimetres; after "10" a superscript is the power.
                if (!inPower && text.Length > 0 && char.IsAsciiLetter(text[^1])) text.Append(superscript);
                else
                {
                    if (!inPower) text.Append('*');
                    text.Append(superscript);
                    inPower = true;
                }
                continue;
            }
            inPower = false;
            switch (c)
            {
                case ' ' or '\t':
                    continue;
                case 'µ' or 'μ':
                    text.Append('u');
                    continue;
                case '^':
                    text.Append('*');
                    continue;
                default:
                    text.Append(c);
                    continue;
            }
        }
        var key = text.ToString();
        foreach (var (from, to) in Spellings)
            if (key.StartsWith(from, StringComparison.Ordinal)) key = to + key[from.Length..];
        key = key.Replace("mcl", "ul", StringComparison.Ordinal);
        if (key.StartsWith("10e", StringComparison.Ordinal) && key.Length > 3 && char.IsAsciiDigit(key[3])) key = "10*" + key[3..];
        return key == "g%" ? "g/dl" : key;
    }

    /// <summary>Prefixes rewritten in order (after lower-casing and the power and micro spellings).</summary>
    static readonly (string From, string To)[] Spellings =
    [
        ("x10", "10"), ("×10", "10"),
        ("milhões/", "10*6/"), ("milhoes/", "10*6/"), ("milhão/", "10*6/"), ("milhao/", "10*6/"), ("mi/", "10*6/"), ("m/u", "10*6/u"),
        ("mil/", "10*3/"), ("células/", "/"), ("celulas/", "/"), ("cels/", "/"), ("cel/", "/"), ("cells/", "/"),
    ];
}

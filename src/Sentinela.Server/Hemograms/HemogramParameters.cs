namespace Sentinela.Server.Hemograms;

/// <summary>Names, canonical units and Portuguese labels of each <see cref="HemogramParameter"/>.</summary>
public static class HemogramParameters
{
    public static readonly HemogramParameter[] All = Enum.GetValues<HemogramParameter>();

    static readonly string[] ApiNames = All.Select(p => p.ToString().ToLowerInvariant()).ToArray();

    /// <summary>The lower-case API name ("platelets"); looked up, since every stored hemogram asks for each one.</summary>
    public static string ApiName(this HemogramParameter p) => (uint)p < ApiNames.Length ? ApiNames[(int)p] : p.ToString().ToLowerInvariant();

    public static bool TryParse(string? name, out HemogramParameter parameter) =>
        Enum.TryParse(name, ignoreCase: true, out parameter) && Enum.IsDefined(parameter);

    /// <summary>The canonical UCUM unit every value is converted to.</summary>
    public static string CanonicalUnit(this HemogramParameter p) => p switch
    {
        HemogramParameter.Hemoglobin => "g/dL",
        HemogramParameter.Hematocrit => "%",
        HemogramParameter.Erythrocytes => "10*6/uL",
        _ => "/uL",
    };

    /// <summary>Plural noun in Brazilian Portuguese, for user-facing text ("plaquetas").</summary>
    public static string PortugueseName(this HemogramParameter p) => p switch
    {
        HemogramParameter.Leukocytes => "leucócitos",
        HemogramParameter.Hemoglobin => "hemoglobina",
        HemogramParameter.Platelets => "plaquetas",
        HemogramParameter.Hematocrit => "hematócrito",
        HemogramParameter.Erythrocytes => "hemácias",
        HemogramParameter.Neutrophils => "neutrófilos",
        HemogramParameter.Lymphocytes => "linfócitos",
        HemogramParameter.Eosinophils => "eosinófilos",
        _ => throw new ArgumentOutOfRangeException(nameof(p)),
    };

    /// <summary>Whether the Portuguese noun is feminine, so adjectives agree ("plaquetas baixas", "leucócitos altos").</summary>
    public static bool IsFeminine(this HemogramParameter p) =>
        p is HemogramParameter.Hemoglobin or HemogramParameter.Platelets or HemogramParameter.Erythrocytes;

    public static bool IsPlural(this HemogramParameter p) =>
        p is not (HemogramParameter.Hemoglobin or HemogramParameter.Hematocrit);
}

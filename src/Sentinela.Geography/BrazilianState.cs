namespace Sentinela.Geography;

/// <summary>One of the 27 federative units, by IBGE code (the first two digits of a municipality code).</summary>
public sealed record BrazilianState(int Code, string Abbreviation, string Name)
{
    public static readonly IReadOnlyList<BrazilianState> All =
    [
        new(11, "RO", "Rondônia"), new(12, "AC", "Acre"), new(13, "AM", "Amazonas"), new(14, "RR", "Roraima"),
        new(15, "PA", "Pará"), new(16, "AP", "Amapá"), new(17, "TO", "Tocantins"), new(21, "MA", "Maranhão"),
        new(22, "PI", "Piauí"), new(23, "CE", "Ceará"), new(24, "RN", "Rio Grande do Norte"), new(25, "PB", "Paraíba"),
        new(26, "PE", "Pernambuco"), new(27, "AL", "Alagoas"), new(28, "SE", "Sergipe"), new(29, "BA", "Bahia"),
        new(31, "MG", "Minas Gerais"), new(32, "ES", "Espírito Santo"), new(33, "RJ", "Rio de Janeiro"), new(35, "SP", "São Paulo"),
        new(41, "PR", "Paraná"), new(42, "SC", "Santa Catarina"), new(43, "RS", "Rio Grande do Sul"), new(50, "MS", "Mato Grosso do Sul"),
        new(51, "MT", "Mato Grosso"), new(52, "GO", "Goiás"), new(53, "DF", "Distrito Federal"),
    ];

    static readonly Dictionary<int, BrazilianState> ByCode = All.ToDictionary(s => s.Code);
    static readonly Dictionary<string, BrazilianState> ByAbbreviation =
        All.ToDictionary(s => s.Abbreviation, StringComparer.OrdinalIgnoreCase);

    public static BrazilianState FromCode(int code) =>
        ByCode.TryGetValue(code, out var state) ? state : throw new ArgumentOutOfRangeException(nameof(code), code, "Not an IBGE state code.");

    static readonly Dictionary<string, BrazilianState> ByFoldedName = All.ToDictionary(s => PlaceName.Fold(s.Name));

    /// <summary>By abbreviation, IBGE code or name (accents and case do not matter: "Sao Paulo", "MINAS GERAIS").</summary>
    public static bool TryFindByAnyName(string? text, out BrazilianState state)
    {
        state = null!;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var trimmed = text.Trim();
        return TryFind(trimmed, out state) || ByFoldedName.TryGetValue(PlaceName.Fold(trimmed), out state!);
    }

    public static bool TryFind(string codeOrAbbreviation, out BrazilianState state)
    {
        if (int.TryParse(codeOrAbbreviation, out var code) && ByCode.TryGetValue(code, out state!)) return true;
        return ByAbbreviation.TryGetValue(codeOrAbbreviation, out state!);
    }
}

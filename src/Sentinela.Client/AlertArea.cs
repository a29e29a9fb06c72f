namespace Sentinela.Client;

/// <summary>Where an outbreak is: a circle around a case, or a municipality/state drawn as a circle around its centroid.</summary>
public sealed record AlertArea
{
    public AreaKind Kind { get; init; }
    public GeoPoint Centre { get; init; }
    public double RadiusKm { get; init; }
    /// <summary>IBGE state code (31 = MG).</summary>
    public int StateCode { get; init; }
    /// <summary>UF, e.g. "MG".</summary>
    public string StateAbbreviation { get; init; } = "";
    /// <summary>7-digit IBGE municipality code; absent for state areas.</summary>
    public int? MunicipalityCode { get; init; }
    public string? MunicipalityName { get; init; }
}

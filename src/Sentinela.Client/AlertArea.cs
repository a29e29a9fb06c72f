namespace Sentinela.Client;

/// <summary>Where an alert is: the municipalities it covers (core first), named by the core one, drawn as a circle around its centroid.</summary>
public sealed record AlertArea
{
    public AreaKind Kind { get; init; }
    public GeoPoint Centre { get; init; }
    public double RadiusKm { get; init; }
    /// <summary>IBGE state code (31 = MG).</summary>
    public int StateCode { get; init; }
    /// <summary>UF, e.g. "MG".</summary>
    public string StateAbbreviation { get; init; } = "";
    /// <summary>7-digit IBGE code of the core municipality.</summary>
    public int MunicipalityCode { get; init; }
    public string MunicipalityName { get; init; } = "";
    /// <summary>IBGE codes of every municipality the alert covers (its footprint), the core first.</summary>
    public IReadOnlyList<int> Municipalities { get; init; } = [];
}

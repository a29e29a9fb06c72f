namespace Sentinela.Server.Geography;

/// <summary>Sentinela:Geography — where the municipality table comes from.</summary>
public sealed class GeographyOptions
{
    public const string Section = "Sentinela:Geography";

    /// <summary>
    /// CSV with the header <c>codigo_ibge,nome,latitude,longitude,capital,codigo_uf</c> (extra columns ignored), e.g. the
    /// IBGE list of all 5,570 municipalities. Empty: a built-in demo list (27 capitals and the largest Minas Gerais municipalities).
    /// </summary>
    public string? MunicipalitiesFile { get; set; }
}

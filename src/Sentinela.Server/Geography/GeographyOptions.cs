using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Geography;

/// <summary>Sentinela:Geography — where the municipality table comes from.</summary>
public sealed class GeographyOptions : IValidatableObject
{
    public const string Section = "Sentinela:Geography";

    /// <summary>
    /// CSV with the header <c>codigo_ibge,nome,latitude,longitude,capital,codigo_uf</c> (extra columns ignored), e.g. the
    /// IBGE list of all 5,570 municipalities. Empty: a built-in demo list (27 capitals and the largest Minas Gerais municipalities).
    /// </summary>
    public string? MunicipalitiesFile { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (!string.IsNullOrWhiteSpace(MunicipalitiesFile) && !File.Exists(MunicipalitiesFile))
            yield return new ValidationResult($"MunicipalitiesFile '{Path.GetFullPath(MunicipalitiesFile)}' does not exist.", [nameof(MunicipalitiesFile)]);
    }
}

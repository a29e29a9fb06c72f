using Sentinela.Geography;

namespace Sentinela.Tests.Infrastructure;

/// <summary>The whole country's municipality table (tests/data, a copy of the workplace's reference file); the built-in list if it is missing.</summary>
public static class ReferenceData
{
    public static readonly string? MunicipalitiesFile = FindUp("tests/data/municipios.csv");

    public static readonly MunicipalityTable Municipalities =
        MunicipalitiesFile is null ? MunicipalityTable.BuiltIn() : MunicipalityTable.Load(MunicipalitiesFile);

    /// <summary>The first file at this relative path in the test's folder or any folder above it.</summary>
    public static string? FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}

using Sentinela.Geography;

namespace Sentinela.Tests.Infrastructure;

/// <summary>The shared reference data (../shared/data beside the repository) when present; otherwise the built-in list.</summary>
public static class ReferenceData
{
    public static readonly string? MunicipalitiesFile = Find("shared/data/municipios.csv");

    public static readonly MunicipalityTable Municipalities =
        MunicipalitiesFile is null ? MunicipalityTable.BuiltIn() : MunicipalityTable.Load(MunicipalitiesFile);

    static string? Find(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}

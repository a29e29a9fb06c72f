using Sentinela.Geography;
using Sentinela.Simulator.Generation;

namespace Sentinela.Simulator.Cli;

/// <summary>
/// Decides which municipalities the traffic comes from: the <c>--municipalities</c> file, else the repository's
/// <c>../shared/data/municipios.csv</c> when run from the repository root, else the built-in list; restricted to
/// <c>--state</c> (all states when it has none there), plus any outbreak municipality outside it.
/// </summary>
static class MunicipalitySource
{
    const string SharedDataPath = "../shared/data/municipios.csv";

    /// <exception cref="FormatException">Unknown state, unknown outbreak municipality, or an unreadable file.</exception>
    public static (IReadOnlyList<Municipality> Municipalities, string Description) Resolve(
        string? path, string state, IReadOnlyList<OutbreakScenario> outbreaks)
    {
        var (table, origin) = Load(path);

        IReadOnlyList<Municipality> selected;
        string scope;
        if (state.Equals("all", StringComparison.OrdinalIgnoreCase))
            (selected, scope) = (table.All, "all states");
        else if (!BrazilianState.TryFind(state, out var uf))
            throw new FormatException($"--state '{state}' is neither an IBGE state code (e.g. 31) nor a UF (e.g. MG), nor 'all'.");
        else if (table.InState(uf.Code).ToArray() is { Length: > 0 } inState)
            (selected, scope) = (inState, uf.Name);
        else
            (selected, scope) = (table.All, $"all states ({origin} has none in {uf.Abbreviation})");

        var extra = new List<Municipality>();
        foreach (var outbreak in outbreaks)
        {
            var municipality = table.Find(outbreak.MunicipalityCode)
                ?? throw new FormatException($"Outbreak municipality {outbreak.MunicipalityCode} is not in {origin}.");
            if (!selected.Contains(municipality) && !extra.Contains(municipality)) extra.Add(municipality);
        }

        var description = $"{selected.Count} municipalities of {scope} from {origin}"
            + (extra.Count > 0 ? $", plus outbreak municipalities {string.Join(", ", extra.Select(m => m.Name))}" : "");
        return ([.. selected, .. extra], description);
    }

    static (MunicipalityTable Table, string Origin) Load(string? path)
    {
        if (path is null && File.Exists(SharedDataPath)) path = SharedDataPath;
        if (path is null) return (MunicipalityTable.BuiltIn(), "the built-in list");
        try
        {
            return (MunicipalityTable.Load(path), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException
            or IndexOutOfRangeException or Microsoft.VisualBasic.FileIO.MalformedLineException)
        {
            throw new FormatException($"Cannot read municipalities from '{path}': {e.Message}", e);
        }
    }
}

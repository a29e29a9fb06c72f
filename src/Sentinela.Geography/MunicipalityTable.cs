using System.Globalization;
using Microsoft.VisualBasic.FileIO;

namespace Sentinela.Geography;

/// <summary>
/// The municipalities a deployment knows, loaded from a CSV file with the header
/// <c>codigo_ibge,nome,latitude,longitude,capital,codigo_uf</c> (extra columns are ignored),
/// or the small built-in demo list.
/// </summary>
public sealed class MunicipalityTable
{
    readonly Dictionary<int, Municipality> _byCode;
    readonly Dictionary<int, Municipality> _bySixDigitCode;
    readonly Dictionary<(int State, string Name), Municipality> _byName;

    public MunicipalityTable(IEnumerable<Municipality> municipalities)
    {
        All = municipalities.OrderBy(m => m.IbgeCode).ToArray();
        _byCode = All.ToDictionary(m => m.IbgeCode);
        _bySixDigitCode = All.ToDictionary(m => m.IbgeCode / 10);
        _byName = [];
        foreach (var m in All) _byName.TryAdd((m.StateCode, PlaceName.Fold(m.Name)), m);
    }

    public IReadOnlyList<Municipality> All { get; }

    public static MunicipalityTable BuiltIn()
    {
        using var stream = typeof(MunicipalityTable).Assembly.GetManifestResourceStream("municipalities-builtin.csv")
            ?? throw new InvalidOperationException("Built-in municipality list is missing from the assembly.");
        return Load(stream);
    }

    public static MunicipalityTable Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream);
    }

    public static MunicipalityTable Load(Stream csv)
    {
        using var parser = new TextFieldParser(csv) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var header = parser.ReadFields() ?? throw new FormatException("Municipality file is empty.");
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0
            ? i : throw new FormatException($"Municipality file lacks the column '{name}'.");
        int code = Column("codigo_ibge"), name = Column("nome"), lat = Column("latitude"), lon = Column("longitude"),
            capital = Column("capital"), uf = Column("codigo_uf");

        var rows = new List<Municipality>();
        while (parser.ReadFields() is { } f)
        {
            rows.Add(new Municipality(
                int.Parse(f[code], CultureInfo.InvariantCulture),
                f[name],
                new GeoPoint(double.Parse(f[lat], CultureInfo.InvariantCulture), double.Parse(f[lon], CultureInfo.InvariantCulture)),
                int.Parse(f[uf], CultureInfo.InvariantCulture),
                f[capital] == "1"));
        }
        return new MunicipalityTable(rows);
    }

    /// <summary>Finds by the 7-digit IBGE code or the 6-digit code (without check digit) used by RNDS/DATASUS.</summary>
    public Municipality? Find(int code) => code switch
    {
        >= 1_000_000 and <= 9_999_999 => _byCode.GetValueOrDefault(code),
        >= 100_000 and <= 999_999 => _bySixDigitCode.GetValueOrDefault(code),
        _ => null,
    };

    /// <summary>
    /// Finds by name within a state, as addresses write them: accents, case, spaces, hyphens and apostrophes do not matter
    /// ("SAO PAULO", "São Paulo", "Santa Barbara D'Oeste"). The state is its abbreviation, IBGE code or name.
    /// </summary>
    public Municipality? FindByName(string? name, string? state) =>
        !string.IsNullOrWhiteSpace(name) && BrazilianState.TryFindByAnyName(state, out var uf)
            ? _byName.GetValueOrDefault((uf.Code, PlaceName.Fold(name))) : null;

    /// <summary>The municipality whose centroid is closest: an approximation used only when a resource carries a coordinate and no code.</summary>
    public Municipality? Nearest(GeoPoint point)
    {
        Municipality? best = null;
        var bestKm = double.MaxValue;
        foreach (var m in All)
        {
            var km = m.Centroid.DistanceKm(point);
            if (km < bestKm) (best, bestKm) = (m, km);
        }
        return best;
    }

    public IEnumerable<Municipality> InState(int stateCode) => All.Where(m => m.StateCode == stateCode);
}

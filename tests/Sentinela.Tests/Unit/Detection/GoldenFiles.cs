using System.Globalization;
using Sentinela.Server.Analysis.Detection;

namespace Sentinela.Tests.Unit.Detection;

/// <summary>
/// The CSVs that scripts/reference/detectors.R wrote with R's <c>surveillance</c> (Golden/, checked in, read from the
/// source tree so CI needs no R). Values are R's: "NA" reads as NaN.
/// </summary>
internal static class GoldenFiles
{
    static readonly string Directory = Locate();

    /// <summary>The rows of a golden CSV as column → text maps.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Read(string name)
    {
        var lines = File.ReadAllLines(Path.Combine(Directory, name));
        var header = SplitLine(lines[0]);
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(l =>
        {
            var cells = SplitLine(l);
            return (IReadOnlyDictionary<string, string>)header.Select((h, i) => (h, cells[i])).ToDictionary(x => x.h, x => x.Item2);
        })];
    }

    /// <summary>The input series by name, from series.csv.</summary>
    public static IReadOnlyDictionary<string, SeriesDay[]> Series() =>
        Read("series.csv").GroupBy(r => r["series"]).ToDictionary(g => g.Key,
            g => g.OrderBy(r => Int(r["day"])).Select(r => new SeriesDay(Int(r["tests"]), Int(r["abnormal"]), Number(r["expected"]))).ToArray());

    public static double Number(string text) => text == "NA" ? double.NaN : double.Parse(text, CultureInfo.InvariantCulture);

    public static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>R's logical written as 1/0/NA; NA (an undefined bound) is no alarm.</summary>
    public static bool Flag(string text) => text == "1";

    // R's write.csv: fields quoted when they are strings, quotes doubled inside.
    static string[] SplitLine(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return [.. cells];
    }

    static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var golden = Path.Combine(dir.FullName, "tests", "Sentinela.Tests", "Unit", "Detection", "Golden");
            if (System.IO.Directory.Exists(golden)) return golden;
        }
        throw new DirectoryNotFoundException("tests/Sentinela.Tests/Unit/Detection/Golden not found above " + AppContext.BaseDirectory);
    }
}

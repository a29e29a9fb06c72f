using System.Globalization;

namespace Sentinela.LoadHarness;

/// <summary>The bare SignalR run's figures, as key=value lines, for the Sentinela run of the same N to compare with.</summary>
public static class BaselineFile
{
    public static void Write(string path, IReadOnlyDictionary<string, double> figures) =>
        File.WriteAllLines(path, figures.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Key}={f.Value:0.###}")));

    public static Dictionary<string, double> Read(string path) =>
        File.ReadAllLines(path).Select(l => l.Split('=', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
}

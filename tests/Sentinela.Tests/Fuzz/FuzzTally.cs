using System.Collections.Concurrent;
using System.Text;

namespace Sentinela.Tests.Fuzz;

/// <summary>What a fuzz run saw: answers counted by area and outcome (status code, hub outcome), and every failure with the body that caused it.</summary>
public sealed class FuzzTally
{
    readonly ConcurrentDictionary<(string Area, string Outcome), int> _counts = new();
    readonly ConcurrentQueue<(string Area, string What, byte[]? Body)> _failures = new();
    readonly ConcurrentBag<(TimeSpan Elapsed, string What)> _slow = [];

    public void Count(string area, string outcome) => _counts.AddOrUpdate((area, outcome), 1, (_, n) => n + 1);

    public void Failure(string area, string what, byte[]? body) => _failures.Enqueue((area, what, body));

    /// <summary>Notes an answer that took long, for the report's list of the slowest.</summary>
    public void Took(TimeSpan elapsed, string what)
    {
        if (elapsed > TimeSpan.FromMilliseconds(500)) _slow.Add((elapsed, what));
    }

    public TimeSpan Slowest => _slow.IsEmpty ? TimeSpan.Zero : _slow.Max(s => s.Elapsed);

    public string SlowestReport(int count) =>
        string.Join('\n', _slow.OrderByDescending(s => s.Elapsed).Take(count).Select(s => $"  {s.Elapsed.TotalSeconds,6:0.00} s  {s.What[..Math.Min(s.What.Length, 160)]}"));

    public IReadOnlyList<string> Failures => _failures.Select(f => $"{f.Area}: {f.What}").ToList();

    /// <summary>How many answers in areas starting with the prefix had an outcome matching the predicate.</summary>
    public int Total(string areaPrefix, Func<string, bool>? outcome = null) =>
        _counts.Where(c => c.Key.Area.StartsWith(areaPrefix, StringComparison.Ordinal) && (outcome is null || outcome(c.Key.Outcome))).Sum(c => c.Value);

    /// <summary>One line per area: its total, then each outcome and its count.</summary>
    public string Report() => string.Join('\n', _counts.GroupBy(c => c.Key.Area).OrderBy(g => g.Key).Select(g =>
        $"{g.Key,-18} {g.Sum(c => c.Value),7}  " + string.Join("  ", g.OrderBy(c => c.Key.Outcome, StringComparer.Ordinal).Select(c => $"{c.Key.Outcome}: {c.Value}"))));

    /// <summary>Writes each failure's body and description into the folder, to replay it; returns the folder.</summary>
    public string SaveFailures(string folder)
    {
        Directory.CreateDirectory(folder);
        var n = 0;
        foreach (var (area, what, body) in _failures)
        {
            n++;
            File.WriteAllText(Path.Combine(folder, $"{n:0000}-{area.Replace(' ', '-')}.txt"), what);
            if (body is not null) File.WriteAllBytes(Path.Combine(folder, $"{n:0000}-{area.Replace(' ', '-')}.body"), body);
        }
        return folder;
    }
}

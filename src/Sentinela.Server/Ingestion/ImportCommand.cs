using System.Globalization;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// Command-line bulk backfill against the configured storage, without starting the server:
///   sentinela-server import FILE.ndjson[.gz] [--lab LAB-ID]
/// (<see cref="NdjsonImport"/>). Prints a progress bar on a terminal, the first refused lines, and a summary; exits 0 when
/// every line was stored or already stored, 1 when some were refused, 2 on a usage error. The counters take the
/// hemograms in when the server next runs (the analysis outbox is durable).
/// </summary>
public static class ImportCommand
{
    const int RefusalsShown = 20;

    public static bool IsCommand(string[] args) => args is ["import", ..];

    /// <summary>
    /// The arguments that are settings (<c>--Section:Key=value</c>): the configuration's command-line reader takes an absolute
    /// path ("/data/history.ndjson") for a switch and would swallow the setting after it as its value.
    /// </summary>
    public static string[] SettingArguments(string[] args) =>
        args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=')).ToArray();

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var path = args.Skip(1).FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        var labAt = Array.IndexOf(args, "--lab");
        Guid? lab = null;
        if (path is null || labAt > 0 && (labAt + 1 >= args.Length || !Guid.TryParse(args[labAt + 1], out _)))
        {
            await error.WriteLineAsync("usage: sentinela-server import FILE.ndjson[.gz] [--lab LAB-ID]   (the laboratory's id, from create-lab)");
            return 2;
        }
        if (labAt > 0) lab = Guid.Parse(args[labAt + 1]);
        if (!File.Exists(path))
        {
            await error.WriteLineAsync($"import: {path} does not exist.");
            return 2;
        }

        var shown = 0;
        var bar = !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out);
        await using var file = File.OpenRead(path);
        var result = await services.GetRequiredService<NdjsonImport>().ImportAsync(file, lab,
            p =>
            {
                if (bar) output.Write($"\r{Bar(p.Fraction)} {p.Fraction,4:P0}  {p.Lines:N0} lines  {p.LinesPerSecond:N0}/s   ");
            },
            (line, issues) =>
            {
                if (shown++ < RefusalsShown)
                    error.WriteLine($"line {line}: " + string.Join(" ", issues.Select(i => i.Expression is null ? i.Diagnostics : $"{i.Expression}: {i.Diagnostics}")));
            }, ct);
        if (bar) output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Imported {path}: {result.Lines:N0} lines in {result.Elapsed.TotalSeconds:F1} s ({result.LinesPerSecond:N0}/s): {result.Created:N0} hemograms stored, "
            + $"{result.Unchanged:N0} already stored, {result.Revised:N0} revised, {result.Refused:N0} refused."));
        return result.Refused > 0 ? 1 : 0;
    }

    static string Bar(double fraction)
    {
        const int width = 30;
        var done = (int)Math.Round(fraction * width);
        return "[" + new string('#', done) + new string('-', width - done) + "]";
    }
}

using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Dashboard;

/// <summary>
/// One run of tests/web-e2e/dashboard.mjs (Playwright driving Debian's headless Chromium): the test reads its READY line,
/// acts on the server, then reads its RESULT. Stderr is collected as it comes, for the failure message.
/// </summary>
public sealed class BrowserRun : IDisposable
{
    readonly Process _node;
    readonly StringBuilder _errors = new();
    readonly List<string> _lines = [];

    BrowserRun(Process node)
    {
        _node = node;
        _node.ErrorDataReceived += (_, e) => { lock (_errors) _errors.AppendLine(e.Data); };
        _node.BeginErrorReadLine();
    }

    public static BrowserRun Start(Uri baseAddress, string mode, string screenshotDir, string cpf, string password) =>
        StartScript("dashboard.mjs", [baseAddress.ToString(), mode, screenshotDir], cpf, password);

    /// <param name="script">A script in tests/web-e2e.</param>
    /// <param name="environment">More variables for the script, beside the credentials.</param>
    public static BrowserRun StartScript(string script, IEnumerable<string> arguments, string cpf, string password,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var path = ReferenceData.FindUp($"tests/web-e2e/{script}") ?? throw new FileNotFoundException($"tests/web-e2e/{script}");
        var folder = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "playwright-core")))
            throw new InvalidOperationException("tests/web-e2e/node_modules is missing: run scripts/setup.sh --for-tests.");
        var start = new ProcessStartInfo("node", [path, .. arguments])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Credentials through the environment, not the command line other users can read.
            Environment = { ["SENTINELA_CPF"] = cpf, ["SENTINELA_PASSWORD"] = password },
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        return new BrowserRun(Process.Start(start)!);
    }

    /// <summary>Reads lines until one starts with the prefix; returns the rest of it. Fails with the script's stderr otherwise.</summary>
    public async Task<string> WaitForAsync(string prefix, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (await _node.StandardOutput.ReadLineAsync(cts.Token) is { } line)
            {
                _lines.Add(line);
                if (line.StartsWith(prefix, StringComparison.Ordinal)) return line[prefix.Length..].Trim();
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No '{prefix}' from the browser within {timeout}. {Transcript()}");
        }
        await _node.WaitForExitAsync();
        throw new InvalidOperationException($"The browser script ended (exit {_node.ExitCode}) before '{prefix}'. {Transcript()}");
    }

    public async Task<JsonElement> ResultAsync(TimeSpan timeout)
    {
        var json = await WaitForAsync("RESULT", timeout);
        await _node.WaitForExitAsync();
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    string Transcript()
    {
        lock (_errors) return $"stdout: {string.Join(" | ", _lines)}; stderr: {_errors}";
    }

    public void Dispose()
    {
        if (!_node.HasExited) _node.Kill(entireProcessTree: true);
        _node.Dispose();
    }
}

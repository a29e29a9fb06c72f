using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;

namespace Sentinela.LoadHarness;

/// <summary>
/// Clients in a child harness process (<c>sentinela-load watchers …</c>), so parsing thousands of events and the
/// clients' own garbage collection are spread over several processes instead of one. The parent drives it with one
/// command per line on its standard input (tokens first, then MARK, REPORT, DROP, RECONNECT, EXIT) and reads one answer
/// line per command; anything else the child prints is passed through.
/// </summary>
public sealed class ChildWatchers : IWatcherGroup
{
    readonly Process _process;
    readonly Channel<string> _answers = Channel.CreateUnbounded<string>();
    readonly Task _reading;
    int _ready;
    long _maxSequence;
    Dictionary<string, int> _failures = [];

    ChildWatchers(Process process)
    {
        _process = process;
        _reading = Task.Run(ReadAsync);
    }

    public int Ready => _ready;
    public IReadOnlyDictionary<string, int> Failures => _failures;
    public long MaxSequence => _maxSequence;

    public static async Task<ChildWatchers> StartAsync(WatcherKind kind, IReadOnlyList<Uri> servers, IReadOnlyList<string> tokens, int count,
        int offset, string state, int concurrency, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(ChildWatchers).Assembly.Location);
        foreach (var arg in (string[])["watchers", "--kind", kind.ToString().ToLowerInvariant(), "--server", string.Join(',', servers),
                     "--clients", Text(count), "--offset", Text(offset), "--state", state, "--connect-concurrency", Text(concurrency),
                     "--wait", Text((int)timeout.TotalSeconds)])
            info.ArgumentList.Add(arg);
        var child = new ChildWatchers(Process.Start(info) ?? throw new InvalidOperationException("Could not start a watcher process."));
        // Tokens on standard input, out of the process list.
        await child.SendAsync("TOKENS " + string.Join(',', tokens));
        await child.ReadReadyAsync();
        return child;
    }

    public async Task MarkAsync(long sequence)
    {
        await SendAsync($"MARK {Text(sequence)}");
        await AnswerAsync("OK");
    }

    public async Task<WatcherReport> ReportAsync(TimeSpan wait)
    {
        await SendAsync($"REPORT {Text((int)Math.Ceiling(wait.TotalSeconds))}");
        return JsonSerializer.Deserialize<WatcherReport>(await AnswerAsync("REPORT"), WatcherReport.Wire)!;
    }

    public async Task DropAsync()
    {
        await SendAsync("DROP");
        await AnswerAsync("OK");
    }

    public async Task ReconnectAsync()
    {
        await SendAsync("RECONNECT");
        await ReadReadyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await SendAsync("EXIT");
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            _process.Kill();
        }
        await _reading;
        _process.Dispose();
    }

    async Task ReadReadyAsync()
    {
        var ready = (await AnswerAsync("READY")).Split(' ', 3);
        _ready = int.Parse(ready[0], CultureInfo.InvariantCulture);
        _maxSequence = long.Parse(ready[1], CultureInfo.InvariantCulture);
        _failures = JsonSerializer.Deserialize<Dictionary<string, int>>(ready[2])!;
    }

    async Task SendAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    async Task<string> AnswerAsync(string prefix)
    {
        var line = await _answers.Reader.ReadAsync();
        return line.StartsWith(prefix + " ", StringComparison.Ordinal) ? line[(prefix.Length + 1)..]
            : line == prefix ? "" : throw new InvalidOperationException($"A watcher process answered '{line}' where '{prefix}' was expected.");
    }

    async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("@", StringComparison.Ordinal)) await _answers.Writer.WriteAsync(line[1..]);
            else Console.WriteLine($"  [watchers {_process.Id}] {line}");
        }
        _answers.Writer.TryComplete(new InvalidOperationException("A watcher process ended."));
    }

    static string Text(long n) => n.ToString(CultureInfo.InvariantCulture);
}

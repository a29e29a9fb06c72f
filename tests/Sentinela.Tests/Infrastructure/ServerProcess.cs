using System.Diagnostics;
using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using System.Net.Http.Json;
using System.Text.Json;
using Sentinela.Tests.Infrastructure.Services;

namespace Sentinela.Tests.Infrastructure;

/// <summary>
/// The published server (<see cref="PublishedServer"/>) as its own process on 127.0.0.1, started the way an operator
/// starts it: the <c>sentinela-server</c> executable, from a working directory of its own (a fresh temporary one unless
/// given). Its data lives there (the default relative <c>data/sentinela.db</c>), its console output goes to
/// <c>server.log</c> there. A crash of this process, a stack overflow included, fails a test instead of ending the run.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    public const string AdminCpf = "529.982.247-25";
    public const string AdminPassword = "uma senha de teste bem longa";

    readonly Process _process;
    readonly StreamWriter _log;
    readonly bool _ownsDirectory;

    ServerProcess(Process process, StreamWriter log, string directory, bool ownsDirectory, Uri baseAddress)
    {
        (_process, _log, WorkingDirectory, _ownsDirectory, BaseAddress) = (process, log, directory, ownsDirectory, baseAddress);
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }
    public string WorkingDirectory { get; }
    public HttpClient Http { get; }
    public int ProcessId => _process.Id;
    public bool IsAlive => !_process.HasExited;

    /// <summary>The process's resident memory now.</summary>
    public long WorkingSetBytes
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    public string LogFile => Path.Combine(WorkingDirectory, "server.log");

    /// <summary>
    /// Makes the server run a full, blocking garbage collection, the way dotnet-gcdump does: an EventPipe session that
    /// asks for the GC-heap-collect keyword. Its /metrics then show the live heap.
    /// </summary>
    public async Task CollectGarbageAsync()
    {
        const long gcHeapCollect = 0x800000, gc = 0x1;
        var client = new DiagnosticsClient(_process.Id);
        using var session = client.StartEventPipeSession(
            new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, gcHeapCollect | gc), requestRundown: false);
        var drain = session.EventStream.CopyToAsync(Stream.Null);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await session.StopAsync(CancellationToken.None);
        await drain;
    }

    /// <summary>Starts the server with an administrator (<see cref="AdminCpf"/>) and waits until /health/live answers.</summary>
    /// <param name="settings">Extra settings, as command-line arguments (<c>--Sentinela:Ingestion:MaxDepth=32</c>).</param>
    /// <param name="baseAddress">Where to listen (a restart on the address of a stopped server); a free loopback port if null.</param>
    public static async Task<ServerProcess> StartAsync(IEnumerable<string>? settings = null, string? workingDirectory = null, Uri? baseAddress = null)
    {
        var directory = workingDirectory ?? Directory.CreateTempSubdirectory("sentinela-process-").FullName;
        baseAddress ??= new Uri($"http://127.0.0.1:{FreePorts.Take()}");
        var info = await StartInfoAsync(directory,
            [$"--urls={baseAddress}", $"--Sentinela:Identity:InitialAdmin:Cpf={AdminCpf}", $"--Sentinela:Identity:InitialAdmin:Password={AdminPassword}", .. settings ?? []]);
        var log = new StreamWriter(Path.Combine(directory, "server.log")) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => ExternalProgram.LogLine(log, e.Data);
        process.ErrorDataReceived += (_, e) => ExternalProgram.LogLine(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, log, directory, workingDirectory is null, baseAddress);
        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            if (process.HasExited) break;
            try
            {
                if ((await probe.GetAsync("/health/live")).IsSuccessStatusCode) return server;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
        }
        var output = server.Log();
        await server.DisposeAsync();
        throw new InvalidOperationException($"The server did not start: {output}");
    }

    /// <summary>Runs the executable to its end (a CLI command, or a start-up that should fail) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var info = await StartInfoAsync(workingDirectory, args);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"sentinela-server {string.Join(' ', args)} did not end: {await stdout}{await stderr}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>A laboratory API key, made by the <c>create-lab</c> command as an operator would (the server may be running).</summary>
    public async Task<string> CreateLabKeyAsync(string name = "Laboratório de Testes")
    {
        var (exit, output) = await RunAsync(WorkingDirectory, ["create-lab", "--name", name]);
        if (exit != 0) throw new InvalidOperationException($"create-lab failed: {output}");
        return output.Trim().Split('\n')[^1].Trim();
    }

    /// <summary>An access token of the administrator, by logging in.</summary>
    public async Task<string> AdminTokenAsync()
    {
        var response = await Http.PostAsJsonAsync("/api/auth/login", new { cpf = AdminCpf, password = AdminPassword });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    /// <summary>Sends SIGTERM, as a service manager stopping the server does.</summary>
    public void Terminate()
    {
        if (Kill(_process.Id, SigTerm) != 0) throw new InvalidOperationException($"kill(SIGTERM) failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Waits for the process to exit on its own; its exit code, or null if it was still running at the deadline.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int Kill(int pid, int signal);

    public string Log()
    {
        using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>SIGTERM, as an orchestrator stops an instance, and waits for the process to end (SIGKILL after <paramref name="grace"/>).</summary>
    public async Task TerminateAsync(TimeSpan grace)
    {
        Terminate();
        if (await WaitForExitAsync(grace) is null) _process.Kill(entireProcessTree: true);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        lock (_log) _log.Dispose();
        if (_ownsDirectory) Directory.Delete(WorkingDirectory, recursive: true);
    }


    static async Task<ProcessStartInfo> StartInfoAsync(string workingDirectory, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(Path.Combine(await PublishedServer.FolderAsync(), "sentinela-server"))
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        // The apphost finds the runtime the tests run on, wherever it is installed.
        info.Environment["DOTNET_ROOT"] = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        // Settings come from the server's own appsettings.json and the arguments, not from the test runner's environment.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("Sentinela__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(key);
        return info;
    }
}

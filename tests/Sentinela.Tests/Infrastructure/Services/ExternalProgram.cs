using System.Diagnostics;

namespace Sentinela.Tests.Infrastructure.Services;

/// <summary>Runs a server's command-line tools: to completion with their output, or started and left running.</summary>
public static class ExternalProgram
{
    /// <summary>The user that services run as when the test runner is root (PostgreSQL refuses to run as root).</summary>
    public const string ServiceUser = "sentinela-test";

    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Runs to completion; throws with the output when it fails.</summary>
    public static async Task<string> RunAsync(string file, IEnumerable<string> args, TimeSpan? timeout = null, bool asServiceUser = false)
    {
        using var process = Process.Start(Info(file, args, asServiceUser))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in time.");
        }
        var output = await stdout + await stderr;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {output}");
        return output;
    }

    /// <summary>Starts a long-running server process with its output discarded.</summary>
    public static Process Start(string file, IEnumerable<string> args)
    {
        var info = Info(file, args, asServiceUser: false);
        (info.RedirectStandardOutput, info.RedirectStandardError) = (false, false);
        return Process.Start(info)!;
    }

    /// <summary>Appends a line of a process's output to its log; a line that arrives after the log was closed is dropped.</summary>
    public static void LogLine(StreamWriter log, string? line)
    {
        if (line is null) return;
        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Creates the service user once (root only), and gives it the folder.</summary>
    public static async Task GiveToServiceUserAsync(string directory)
    {
        if (!IsRoot) return;
        try
        {
            await RunAsync("id", ["-u", ServiceUser]);
        }
        catch (InvalidOperationException)
        {
            await RunAsync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", ServiceUser]);
        }
        await RunAsync("chown", ["-R", $"{ServiceUser}:", directory]);
    }

    /// <summary>The first existing file among the candidates, else the name itself (looked up on PATH).</summary>
    public static string Find(string name, params string[] candidates) => candidates.FirstOrDefault(File.Exists) ?? name;

    static ProcessStartInfo Info(string file, IEnumerable<string> args, bool asServiceUser)
    {
        var info = new ProcessStartInfo(asServiceUser && IsRoot ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asServiceUser && IsRoot)
            foreach (var a in new[] { "-u", ServiceUser, "--", file }) info.ArgumentList.Add(a);
        foreach (var a in args) info.ArgumentList.Add(a);
        return info;
    }
}

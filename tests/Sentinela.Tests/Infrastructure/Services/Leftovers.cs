using System.Diagnostics;

namespace Sentinela.Tests.Infrastructure.Services;

/// <summary>
/// Stops the servers this test process started (PostgreSQL clusters, redis-servers) once the process is gone, however it
/// ends: a test host killed for a timeout never runs its ProcessExit handlers, and its servers outlived it (five clusters
/// piled up on one machine in a day). One watcher per process, in a session of its own (<c>setsid -f</c>) so that killing
/// the test host's process tree does not take it along; it finds the servers by the folders this process made, whose
/// names carry its pid. Servers stopped in the normal way are simply gone by then.
/// </summary>
public static class Leftovers
{
    static readonly Lazy<bool> Watching = new(StartWatcher);

    /// <summary>The prefix of a temporary folder for a server of this kind ("pg", "redis") that the watcher cleans up.</summary>
    public static string FolderPrefix(string kind)
    {
        _ = Watching.Value;
        return $"sentinela-{kind}-{Environment.ProcessId}-";
    }

    static bool StartWatcher()
    {
        var temp = Path.GetTempPath().TrimEnd('/');
        var pid = Environment.ProcessId;
        // SIGQUIT is PostgreSQL's immediate shutdown, the postmaster's pid the first line of postmaster.pid; a redis-server
        // rewrites its command line but works in its --dir.
        var script = $"""
            exec </dev/null >/dev/null 2>&1
            while kill -0 {pid} 2>/dev/null; do sleep 2; done
            for d in {temp}/sentinela-pg-{pid}-*; do
              [ -f "$d/data/postmaster.pid" ] && kill -QUIT "$(head -1 "$d/data/postmaster.pid")"
            done
            for p in $(pgrep -x redis-server); do
              case "$(readlink /proc/$p/cwd)" in {temp}/sentinela-redis-{pid}-*) kill "$p" ;; esac
            done
            sleep 2
            rm -rf {temp}/sentinela-pg-{pid}-* {temp}/sentinela-redis-{pid}-*
            """;
        try
        {
            var info = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-f", "bash", "-c", script }) info.ArgumentList.Add(a);
            using var started = Process.Start(info)!;
            started.WaitForExit(TimeSpan.FromSeconds(10));
            return true;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // No setsid: leftovers are stopped only by a normal exit.
        }
    }
}

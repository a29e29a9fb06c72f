using System.Diagnostics;

namespace Sentinela.Tests.Infrastructure.Services;

/// <summary>
/// A real redis-server on a free loopback port, in its own temporary folder, persistence off. It can be stopped and
/// started again on the same port (and, in a cluster, with the same node identity), to test what clients do meanwhile.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    readonly IReadOnlyList<string> _extraArgs;
    Process? _process;

    RedisServer(int port, string directory, IReadOnlyList<string> extraArgs) => (Port, Directory, _extraArgs) = (port, directory, extraArgs);

    public int Port { get; }

    public string Directory { get; }

    /// <summary>StackExchange.Redis configuration for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    public static async Task<RedisServer> StartAsync(IReadOnlyList<string>? extraArgs = null, int? port = null)
    {
        var server = new RedisServer(port ?? FreePorts.Take(), System.IO.Directory.CreateTempSubdirectory(Leftovers.FolderPrefix("redis")).FullName, extraArgs ?? []);
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts the process (again) and waits until it answers PING.</summary>
    public async Task StartAsync()
    {
        if (IsRunning) return;
        _process = ExternalProgram.Start(ExternalProgram.Find("redis-server", "/usr/bin/redis-server"),
            ["--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", Directory, "--save", "", "--appendonly", "no",
                "--protected-mode", "no", "--daemonize", "no", "--loglevel", "warning", .. _extraArgs]);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                await using var connection = await RespConnection.OpenAsync(Port);
                if (await connection.SendAsync("PING") is "PONG") return;
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException && DateTime.UtcNow < deadline)
            {
            }
            if (_process.HasExited) throw new InvalidOperationException($"redis-server on port {Port} exited with {_process.ExitCode}.");
            await Task.Delay(50);
        }
    }

    /// <summary>Stops the process abruptly (as a crash would) and waits for it to be gone.</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    public async Task<object?> SendAsync(params string[] command)
    {
        await using var connection = await RespConnection.OpenAsync(Port);
        return await connection.SendAsync(command);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

using System.Diagnostics;
using Npgsql;

namespace Sentinela.Tests.Infrastructure.Services;

/// <summary>
/// A highly available PostgreSQL on loopback, run by pg_auto_failover as deploy/postgres-ha describes: a monitor and two
/// data nodes (primary + synchronous standby) in a temporary folder, each node a <c>pg_autoctl … --run</c> process tree
/// that <see cref="KillNodeAsync"/> ends with SIGKILL (the machine lost, not a clean stop). The monitor's health checks
/// are tightened to deploy/postgres-ha/monitor.sql's values, so a failover takes seconds instead of the defaults' ~30 s.
/// </summary>
public sealed class PostgresHaCluster : IAsyncDisposable
{
    public const string Database = "sentinela";

    readonly string _directory;
    readonly int _monitorPort;
    readonly Process?[] _nodes;
    Process? _monitor;

    PostgresHaCluster(string directory, int monitorPort, int[] nodePorts) =>
        (_directory, _monitorPort, NodePorts, _nodes) = (directory, monitorPort, nodePorts, new Process?[nodePorts.Length]);

    public IReadOnlyList<int> NodePorts { get; }

    /// <summary>initdb's superuser is the operating-system user that runs pg_autoctl (trust authentication on loopback).</summary>
    public static string User => ExternalProgram.IsRoot ? ExternalProgram.ServiceUser : Environment.UserName;

    /// <summary>
    /// What an instance is configured with: every node, only the primary accepted, host states rechecked every second
    /// (Npgsql remembers a node as standby for Host Recheck Seconds, 10 by default, which would outlast its promotion).
    /// </summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = string.Join(',', NodePorts.Select(p => $"127.0.0.1:{p}")),
        Database = Database,
        Username = User,
        TargetSessionAttributes = "primary",
        HostRecheckSeconds = 1,
        Timeout = 3,
        MaxPoolSize = 50,
    }.ToString();

    public static async Task<PostgresHaCluster> StartAsync(int nodes = 2)
    {
        var directory = Directory.CreateTempSubdirectory("sentinela-pgha-").FullName;
        foreach (var sub in new[] { "config", "data", "run" }) Directory.CreateDirectory(Path.Combine(directory, sub));
        await ExternalProgram.GiveToServiceUserAsync(directory);
        var ports = FreePorts.Take(nodes + 1);
        var cluster = new PostgresHaCluster(directory, ports[0], ports[1..]);
        try
        {
            await cluster.StartMonitorAsync();
            for (var i = 0; i < nodes; i++)
            {
                cluster._nodes[i] = cluster.StartPgAutoctl(["create", "postgres", "--pgdata", cluster.NodeDirectory(i), "--pgport", cluster.NodePorts[i].ToString(),
                    "--monitor", $"postgres://autoctl_node@127.0.0.1:{cluster._monitorPort}/pg_auto_failover?sslmode=disable", "--dbname", Database,
                    .. CommonOptions, "--run"], $"node{i}.log");
                // The first node becomes the primary alone; the next join one at a time as its standbys.
                await cluster.WaitForStatesAsync(i == 0 ? ["single"] : ["primary", .. Enumerable.Repeat("secondary", i)], TimeSpan.FromMinutes(2));
            }
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The port of the node the monitor has as primary now (null while none is).</summary>
    public async Task<int?> PrimaryPortAsync()
    {
        var states = await StatesAsync();
        return states.Where(s => s.Reported == "primary" && s.Goal == "primary" || s.Reported == "wait_primary" && s.Goal == "wait_primary")
            .Select(s => (int?)s.Port).FirstOrDefault();
    }

    /// <summary>SIGKILL to the node's whole process tree: pg_autoctl, the postmaster and every backend.</summary>
    public async Task KillNodeAsync(int port)
    {
        var index = NodePorts.ToList().IndexOf(port);
        if (_nodes[index] is not { } node) return;
        node.Kill(entireProcessTree: true);
        await node.WaitForExitAsync();
        _nodes[index] = null;
    }

    /// <summary>
    /// Stops the node's PostgreSQL (pg_ctl stop -m fast: sessions ended, a checkpoint) and leaves its pg_autoctl running,
    /// which starts it again: a database restart, which pg_auto_failover may also answer with a failover.
    /// </summary>
    public Task StopPostgresAsync(int port)
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().First();
        return ExternalProgram.RunAsync(Path.Combine(bin, "bin", "pg_ctl"), ["-D", NodeDirectory(NodePorts.ToList().IndexOf(port)), "-m", "fast", "-w", "stop"],
            TimeSpan.FromSeconds(60), asServiceUser: true);
    }

    /// <summary>Each node's reported and assigned (goal) state, as the monitor holds them.</summary>
    public async Task<IReadOnlyList<(int Port, string Reported, string Goal)>> StatesAsync()
    {
        await using var connection = new NpgsqlConnection(MonitorConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT nodeport, reportedstate::text, goalstate::text FROM pgautofailover.node ORDER BY nodeport;", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var states = new List<(int, string, string)>();
        while (await reader.ReadAsync()) states.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
        return states;
    }

    string MonitorConnectionString => $"Host=127.0.0.1;Port={_monitorPort};Database=pg_auto_failover;Username={User};Pooling=false;Timeout=3";

    static readonly string[] CommonOptions = ["--hostname", "127.0.0.1", "--listen", "127.0.0.1", "--auth", "trust", "--no-ssl"];

    string NodeDirectory(int index) => Path.Combine(_directory, $"node{index}");

    async Task StartMonitorAsync()
    {
        _monitor = StartPgAutoctl(["create", "monitor", "--pgdata", Path.Combine(_directory, "monitor"), "--pgport", _monitorPort.ToString(), .. CommonOptions, "--run"],
            "monitor.log");
        for (var deadline = DateTime.UtcNow.AddMinutes(1); ; await Task.Delay(200))
        {
            try
            {
                await using var connection = new NpgsqlConnection(MonitorConnectionString);
                await connection.OpenAsync();
                // The same values deploy/postgres-ha/monitor.sql sets: a dead node is noticed in ~3 s, a dead primary is
                // given 5 s to show it demoted itself before its standby is promoted.
                // One statement per command: ALTER SYSTEM refuses to run in the implicit transaction of a batch.
                var statements = File.ReadAllLines(MonitorSettingsFile).Where(l => l.StartsWith("ALTER SYSTEM", StringComparison.Ordinal)).Append("SELECT pg_reload_conf();");
                foreach (var statement in statements)
                {
                    await using var tune = new NpgsqlCommand(statement, connection);
                    await tune.ExecuteNonQueryAsync();
                }
                // pg_autoctl creates the database before the extension: the node table is what the states are read from.
                await using var ready = new NpgsqlCommand("SELECT to_regclass('pgautofailover.node') IS NOT NULL;", connection);
                if ((bool)(await ready.ExecuteScalarAsync())!) return;
                if (DateTime.UtcNow > deadline || _monitor.HasExited)
                    throw new TimeoutException($"The pg_auto_failover monitor did not create its schema. See {_directory}.");
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException && DateTime.UtcNow < deadline && !_monitor.HasExited)
            {
            }
        }
    }

    /// <summary>deploy/postgres-ha/monitor.sql, found from the test binaries up to the repository root.</summary>
    static string MonitorSettingsFile => ReferenceData.FindUp(Path.Combine("deploy", "postgres-ha", "monitor.sql"))
        ?? throw new FileNotFoundException("deploy/postgres-ha/monitor.sql not found above " + AppContext.BaseDirectory);

    async Task WaitForStatesAsync(string[] wanted, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var states = await StatesAsync();
            if (states.Count == wanted.Length && states.All(s => s.Reported == s.Goal) && states.Select(s => s.Reported).Order().SequenceEqual(wanted.Order())) return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"pg_auto_failover did not reach {string.Join(',', wanted)}: {string.Join("; ", states)}. See {_directory}.");
            // A joining standby's pg_basebackup waits for a spread checkpoint on the primary; asking for one now ends that wait.
            if (states.FirstOrDefault(s => s.Reported is "primary" or "wait_primary") is { Port: > 0 } primary && states.Count > 1)
                await CheckpointAsync(primary.Port);
            await Task.Delay(500);
        }
    }

    async Task CheckpointAsync(int port)
    {
        try
        {
            await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Database={Database};Username={User};Pooling=false;Timeout=3");
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("CHECKPOINT;", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // Not accepting connections yet.
        }
    }

    Process StartPgAutoctl(IEnumerable<string> args, string logName)
    {
        var bin = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin")).First() : "";
        var info = new ProcessStartInfo(ExternalProgram.IsRoot ? "runuser" : "pg_autoctl")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (ExternalProgram.IsRoot)
            foreach (var a in new[] { "-u", ExternalProgram.ServiceUser, "--", "pg_autoctl" }) info.ArgumentList.Add(a);
        foreach (var a in args) info.ArgumentList.Add(a);
        // pg_autoctl keeps its state under XDG folders and its sockets where PG_REGRESS_SOCK_DIR says (Debian's default,
        // /var/run/postgresql, is not writable by the service user); pg_ctl is found on PATH.
        info.Environment["XDG_CONFIG_HOME"] = Path.Combine(_directory, "config");
        info.Environment["XDG_DATA_HOME"] = Path.Combine(_directory, "data");
        info.Environment["XDG_RUNTIME_DIR"] = Path.Combine(_directory, "run");
        info.Environment["PG_REGRESS_SOCK_DIR"] = Path.Combine(_directory, "run");
        info.Environment["PGHOST"] = Path.Combine(_directory, "run");
        info.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        info.WorkingDirectory = _directory;
        var log = new StreamWriter(Path.Combine(_directory, logName)) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => ExternalProgram.LogLine(log, e.Data);
        process.ErrorDataReceived += (_, e) => ExternalProgram.LogLine(log, e.Data);
        process.Exited += (_, _) => { lock (log) log.Dispose(); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }


    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        foreach (var process in _nodes.Append(_monitor).OfType<Process>())
        {
            try
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            process.Dispose();
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A postgres child still closing its files; the folder is temporary anyway.
        }
    }
}

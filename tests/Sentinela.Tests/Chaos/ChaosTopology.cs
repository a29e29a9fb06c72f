using System.Diagnostics;
using Npgsql;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Infrastructure.Services;

namespace Sentinela.Tests.Chaos;

/// <summary>
/// The production shape on loopback: PostgreSQL under pg_auto_failover (each node reached through a <see cref="DelayProxy"/>
/// so latency can be injected), Redis under three Sentinels, three published server processes, haproxy in front (health
/// checks on /health/ready). Everything is started on free ports and removed by <see cref="DisposeAsync"/>.
/// </summary>
public sealed class ChaosTopology : IAsyncDisposable
{
    readonly string _directory;
    readonly List<DelayProxy> _proxies = [];
    Process? _haproxy;

    ChaosTopology(string directory, PostgresHaCluster postgres, RedisSentinelGroup redis) => (_directory, Postgres, Redis) = (directory, postgres, redis);

    public PostgresHaCluster Postgres { get; }
    public RedisSentinelGroup Redis { get; }
    public ServerProcess?[] Instances { get; } = new ServerProcess?[3];
    public int[] InstancePorts { get; private set; } = [];
    public IReadOnlyList<DelayProxy> PostgresLinks => _proxies;

    /// <summary>haproxy's address: where laboratories and apps connect.</summary>
    public Uri Front { get; private set; } = null!;

    public string LabKey { get; private set; } = "";

    /// <summary>The instances' PostgreSQL connection string: every node, through its delay proxy, primary only.</summary>
    public string PostgresConnectionString { get; private set; } = "";

    public IReadOnlyList<string> Settings { get; private set; } = [];

    public static async Task<ChaosTopology> StartAsync()
    {
        var postgres = await PostgresHaCluster.StartAsync();
        RedisSentinelGroup? redis = null;
        try
        {
            redis = await RedisSentinelGroup.StartAsync();
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }
        var topology = new ChaosTopology(Directory.CreateTempSubdirectory("sentinela-chaos-").FullName, postgres, redis);
        try
        {
            await topology.StartInstancesAsync();
            return topology;
        }
        catch
        {
            await topology.DisposeAsync();
            throw;
        }
    }

    async Task StartInstancesAsync()
    {
        foreach (var port in Postgres.NodePorts) _proxies.Add(DelayProxy.Start(port));
        PostgresConnectionString = new NpgsqlConnectionStringBuilder(Postgres.ConnectionString)
        {
            Host = string.Join(',', _proxies.Select(p => $"127.0.0.1:{p.Port}")),
        }.ToString();
        Settings =
        [
            "--Sentinela:Storage:Backend=Distributed",
            $"--Sentinela:Storage:Distributed:PostgreSql={PostgresConnectionString}",
            $"--Sentinela:Storage:Distributed:Redis={Redis.ConnectionString}",
            "--Sentinela:Limits:HemogramsPerMinutePerLab=100000000",
            "--Sentinela:Limits:RestRequestsPerMinute=100000000",
            "--Sentinela:Limits:ConnectionsPerUser=100000",
            "--Sentinela:Limits:ConnectionsPerIp=100000",
            // Alert versions keep coming while the outbreak grows: one per decision at most a second apart.
            "--Sentinela:Analysis:Detection:MinVersionInterval=00:00:01",
            "--Sentinela:Analysis:Detection:UpdateMinGrowth=0.02",
        ];
        // The first start migrates; the laboratory is made with the CLI as an operator would, on the same database.
        var cli = Path.Combine(_directory, "cli");
        Directory.CreateDirectory(cli);
        var ports = FreePorts.Take(4);
        InstancePorts = ports[..3];
        for (var i = 0; i < Instances.Length; i++) await StartInstanceAsync(i);
        var (exit, output) = await ServerProcess.RunAsync(cli, ["create-lab", "--name", "Laboratório do Caos", .. Settings]);
        if (exit != 0) throw new InvalidOperationException($"create-lab failed: {output}");
        LabKey = output.Trim().Split('\n')[^1].Trim();
        await StartHaproxyAsync(ports[3]);
    }

    /// <summary>Starts instance <paramref name="index"/> (again) on its port, with its own working folder kept across restarts.</summary>
    public async Task StartInstanceAsync(int index)
    {
        var directory = Path.Combine(_directory, $"instance{index}");
        Directory.CreateDirectory(directory);
        Instances[index] = await ServerProcess.StartAsync(Settings, directory, new Uri($"http://127.0.0.1:{InstancePorts[index]}"));
    }

    /// <summary>The distinct errors in the running instances' logs (JSON console lines): category, message and the exception's first line.</summary>
    public IEnumerable<string> ErrorsLogged() => Instances.OfType<ServerProcess>()
        .SelectMany(i => i.Log().Split('\n'))
        .Where(l => l.StartsWith('{') && l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal))
        .Select(l =>
        {
            using var json = System.Text.Json.JsonDocument.Parse(l);
            var root = json.RootElement;
            var exception = root.TryGetProperty("Exception", out var e) ? e.GetString()?.Split('\n')[0] : null;
            var message = System.Text.RegularExpressions.Regex.Replace(root.GetProperty("Message").GetString() ?? "", "correlation id [0-9a-f]+", "correlation id …");
            return $"{root.GetProperty("Category").GetString()}: {message} {exception}";
        })
        .GroupBy(l => l).OrderByDescending(g => g.Count()).Take(15).Select(g => $"{g.Count()}× {g.Key}");

    /// <summary>SIGKILL: the instance's process is gone at once, its connections cut.</summary>
    public async Task KillInstanceAsync(int index)
    {
        if (Instances[index] is { } instance) await instance.DisposeAsync();
        Instances[index] = null;
    }

    public async Task TerminateInstanceAsync(int index)
    {
        if (Instances[index] is not { } instance) return;
        await instance.TerminateAsync(TimeSpan.FromSeconds(30));
        await instance.DisposeAsync();
        Instances[index] = null;
    }

    async Task StartHaproxyAsync(int port)
    {
        var servers = string.Join('\n', InstancePorts.Select((p, i) => $"    server s{i} 127.0.0.1:{p} check"));
        var config = Path.Combine(_directory, "haproxy.cfg");
        await File.WriteAllTextAsync(config, (await File.ReadAllTextAsync(HaproxyTemplate)).Replace("{{port}}", port.ToString()).Replace("{{servers}}", servers));
        _haproxy = ExternalProgram.Start(ExternalProgram.Find("haproxy", "/usr/sbin/haproxy"), ["-f", config, "-db"]);
        Front = new Uri($"http://127.0.0.1:{port}");
        using var probe = new HttpClient { BaseAddress = Front, Timeout = TimeSpan.FromSeconds(2) };
        var ready = await Eventually.WaitForAsync(async () =>
        {
            try
            {
                return (await probe.GetAsync("/health/ready")).IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, ok => ok, TimeSpan.FromSeconds(30));
        if (!ready) throw new InvalidOperationException($"haproxy on {Front} did not answer /health/ready (exited: {_haproxy.HasExited}).");
    }

    /// <summary>bench/chaos/haproxy.cfg, found from the test binaries up to the repository root.</summary>
    static string HaproxyTemplate => ReferenceData.FindUp(Path.Combine("bench", "chaos", "haproxy.cfg"))
        ?? throw new FileNotFoundException("bench/chaos/haproxy.cfg not found above " + AppContext.BaseDirectory);

    public async ValueTask DisposeAsync()
    {
        if (_haproxy is { HasExited: false })
        {
            _haproxy.Kill();
            await _haproxy.WaitForExitAsync();
        }
        for (var i = 0; i < Instances.Length; i++) await KillInstanceAsync(i);
        foreach (var proxy in _proxies) await proxy.DisposeAsync();
        await Redis.DisposeAsync();
        await Postgres.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}

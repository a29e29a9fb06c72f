using System.Diagnostics;

namespace Sentinela.Tests.Infrastructure.Services;

/// <summary>
/// Redis as deploy/redis-sentinel describes it, on loopback: a master, a replica and three Sentinels (quorum 2) watching
/// them under <see cref="ServiceName"/>, with the deploy's short timeouts (a dead master is failed over in a few seconds).
/// Instances are configured with <see cref="ConnectionString"/> (the Sentinels, not the master) and follow a failover.
/// </summary>
public sealed class RedisSentinelGroup : IAsyncDisposable
{
    public const string ServiceName = "sentinela";

    readonly List<Process> _sentinels = [];
    readonly string _directory;

    RedisSentinelGroup(string directory, IReadOnlyList<RedisServer> servers, int[] sentinelPorts) =>
        (_directory, Servers, SentinelPorts) = (directory, servers, sentinelPorts);

    /// <summary>The data servers: the first one starts as master.</summary>
    public IReadOnlyList<RedisServer> Servers { get; }

    public IReadOnlyList<int> SentinelPorts { get; }

    /// <summary>StackExchange.Redis configuration: the Sentinels and the service name; the client asks them for the master.</summary>
    public string ConnectionString => string.Join(',', SentinelPorts.Select(p => $"127.0.0.1:{p}")) + $",serviceName={ServiceName}";

    public static async Task<RedisSentinelGroup> StartAsync()
    {
        var master = await RedisServer.StartAsync();
        var replica = await RedisServer.StartAsync(["--replicaof", "127.0.0.1", master.Port.ToString()]);
        var group = new RedisSentinelGroup(Directory.CreateTempSubdirectory("sentinela-sentinel-").FullName, [master, replica], FreePorts.Take(3));
        try
        {
            var settings = await File.ReadAllTextAsync(SentinelSettingsFile);
            foreach (var port in group.SentinelPorts)
            {
                // A Sentinel rewrites its configuration file (what it learnt of the group), so each has its own copy.
                var file = Path.Combine(group._directory, $"sentinel-{port}.conf");
                await File.WriteAllTextAsync(file, settings.Replace("6379", master.Port.ToString()) + $"\nport {port}\nbind 127.0.0.1\ndir {group._directory}\n");
                group._sentinels.Add(ExternalProgram.Start(ExternalProgram.Find("redis-server", "/usr/bin/redis-server"), [file, "--sentinel"]));
            }
            // Ready when every Sentinel has found the replica and the two other Sentinels (through the master's hello channel).
            await Eventually.WaitForAsync(group.KnowsEachOtherAsync, ok => ok, TimeSpan.FromSeconds(30));
            return group;
        }
        catch
        {
            await group.DisposeAsync();
            throw;
        }
    }

    /// <summary>The data server the Sentinels name as master now.</summary>
    public async Task<int> MasterPortAsync()
    {
        await using var sentinel = await RespConnection.OpenAsync(SentinelPorts[0]);
        var reply = (object?[])(await sentinel.SendAsync("SENTINEL", "get-master-addr-by-name", ServiceName))!;
        return int.Parse((string)reply[1]!);
    }

    /// <summary>SENTINEL FAILOVER (an operator's switchover): the replica is promoted without waiting for a failure.</summary>
    public async Task ForceFailoverAsync()
    {
        var before = await MasterPortAsync();
        await using (var sentinel = await RespConnection.OpenAsync(SentinelPorts[0]))
            if (await sentinel.SendAsync("SENTINEL", "FAILOVER", ServiceName) is RespError error)
                throw new InvalidOperationException($"SENTINEL FAILOVER: {error.Message}");
        await Eventually.WaitForAsync(MasterPortAsync, port => port != before, TimeSpan.FromSeconds(30));
    }

    async Task<bool> KnowsEachOtherAsync()
    {
        try
        {
            foreach (var port in SentinelPorts)
            {
                await using var sentinel = await RespConnection.OpenAsync(port);
                // A Sentinel still loading its configuration answers with an error, not a list.
                if (await sentinel.SendAsync("SENTINEL", "replicas", ServiceName) is not object?[] replicas || replicas.Length < Servers.Count - 1) return false;
                if (await sentinel.SendAsync("SENTINEL", "sentinels", ServiceName) is not object?[] others || others.Length < SentinelPorts.Count - 1) return false;
            }
            return true;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
        {
            return false;
        }
    }

    /// <summary>deploy/redis-sentinel/sentinel.conf, found from the test binaries up to the repository root.</summary>
    static string SentinelSettingsFile => ReferenceData.FindUp(Path.Combine("deploy", "redis-sentinel", "sentinel.conf"))
        ?? throw new FileNotFoundException("deploy/redis-sentinel/sentinel.conf not found above " + AppContext.BaseDirectory);

    public async ValueTask DisposeAsync()
    {
        foreach (var sentinel in _sentinels)
        {
            if (!sentinel.HasExited) sentinel.Kill();
            await sentinel.WaitForExitAsync();
            sentinel.Dispose();
        }
        foreach (var server in Servers) await server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}

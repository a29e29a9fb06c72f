using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Storage.Redis;

/// <summary>Several servers on real Kestrel ports in distributed mode, sharing one PostgreSQL database and one Redis.</summary>
internal sealed class DistributedInstances(IReadOnlyList<RealtimeServer> servers) : IAsyncDisposable
{
    public RealtimeServer this[int index] => servers[index];

    public static DistributedInstances Start(int count, string postgreSql, string redis, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sentinela:Storage:Backend"] = "Distributed",
            ["Sentinela:Storage:Distributed:PostgreSql"] = postgreSql,
            ["Sentinela:Storage:Distributed:Redis"] = redis,
            // A lost nudge (a Redis restart) then costs a fifth of a second, not a second.
            ["Sentinela:Storage:Distributed:AlertPollInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in extra ?? []) settings[key] = value;
        // One after another: the first migrates the database the others then find ready.
        return new([.. Enumerable.Range(0, count).Select(_ => new RealtimeServer(settings))]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in servers) await server.DisposeAsync();
    }
}

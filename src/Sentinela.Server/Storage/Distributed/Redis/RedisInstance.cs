namespace Sentinela.Server.Storage.Distributed.Redis;

/// <summary>This process's identity among the instances sharing Redis: the origin of what it publishes, the owner of its presence counts.</summary>
public sealed class RedisInstance
{
    /// <summary>Unique per process, also when several servers share a machine (or a test process).</summary>
    public string Id { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
}

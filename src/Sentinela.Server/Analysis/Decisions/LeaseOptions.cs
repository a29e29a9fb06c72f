using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Analysis.Decisions;

/// <summary>Sentinela:Analysis:Lease — the Redis lease under which one instance at a time decides alerts (distributed backend with Redis).</summary>
public sealed class LeaseOptions
{
    public const string Section = "Sentinela:Analysis:Lease";

    /// <summary>Prefix of the lease's Redis keys.</summary>
    [Required(AllowEmptyStrings = false)] public string KeyPrefix { get; set; } = "sentinela";

    /// <summary>How long a lease lives if its holder dies before releasing it.</summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an instance waits for the lease before its decision is skipped (the next one comes soon).</summary>
    public TimeSpan LeaseWait { get; set; } = TimeSpan.FromSeconds(30);
}

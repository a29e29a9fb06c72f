using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Analysis.Collective.Distributed;

/// <summary>Sentinela:Analysis:Shared — how instances share the radius index and take turns deciding alerts (distributed backend with Redis).</summary>
public sealed class SharedAnalysisOptions
{
    public const string Section = "Sentinela:Analysis:Shared";

    /// <summary>Prefix of every Redis key this feature writes.</summary>
    [Required(AllowEmptyStrings = false)] public string KeyPrefix { get; set; } = "sentinela";

    /// <summary>Grid cell (degrees) that is one Redis hash tag: a cell's keys sit on one Cluster shard; a 50 km circle touches 1–4 cells.</summary>
    [Range(0.1, 10)] public double CellDegrees { get; set; } = 1.0;

    /// <summary>Time bucket of one GEO key; must be at least Ingestion:MaxClockSkew, since queries start at the bucket after now.</summary>
    public TimeSpan Bucket { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Most buckets read per pipelined round trip (the first reads one, each next twice as many); a query stops once it has its count.</summary>
    [Range(1, 1000)] public int BucketsPerRoundTrip { get; set; } = 12;

    /// <summary>After a Redis outage, hemograms received this long before it was noticed are added again too (a failed add may precede the notice).</summary>
    public TimeSpan CatchUpOverlap { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often an instance checks whether the shared index needs catching up (also at once when Redis reconnects).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")] public TimeSpan CatchUpCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a decision lease lives if its holder dies before releasing it.</summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an instance waits for the lease before the step fails (and the timer retries).</summary>
    public TimeSpan LeaseWait { get; set; } = TimeSpan.FromSeconds(30);
}

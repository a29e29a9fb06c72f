namespace Sentinela.Simulator.Traffic;

/// <summary>How fast, how long and how wide to post. Neither <see cref="Duration"/> nor <see cref="Count"/> means until cancelled.</summary>
public sealed record TrafficOptions
{
    /// <summary>Hemograms per second; 0 posts as fast as the server and <see cref="Concurrency"/> allow.</summary>
    public double Rate { get; init; } = 20;

    public TimeSpan? Duration { get; init; }

    /// <summary>Total hemograms to post.</summary>
    public long? Count { get; init; }

    /// <summary>Requests in flight at once.</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>0 posts each Observation to <c>fhir/Observation</c>; N posts batch Bundles of N Observations to <c>fhir</c>.</summary>
    public int BundleSize { get; init; }

    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>After a stop request, how long queued and in-flight requests may take before they are abandoned.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);
}

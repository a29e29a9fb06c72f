namespace Sentinela.Tests.Observability;

/// <summary>
/// Runs alone: ActivitySources are process-wide, and a test counting spans or process-level series must not see another
/// test's server at work.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ObservabilityCollection
{
    public const string Name = "Observability";
}

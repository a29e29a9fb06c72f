namespace Sentinela.Benchmarks;

/// <summary>A clock stopped at one instant, so generated data and detector windows line up the same in every run.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

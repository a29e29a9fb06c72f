namespace Sentinela.Tests.Unit;

/// <summary>A clock that always reads the same instant, so time-dependent parsing is deterministic.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

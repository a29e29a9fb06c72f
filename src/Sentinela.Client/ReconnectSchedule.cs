using Microsoft.AspNetCore.SignalR.Client;

namespace Sentinela.Client;

/// <summary>
/// How long to wait before each reconnection attempt: the given delays in order, then the last one forever, each
/// spread by ±<see cref="Jitter"/> so that many clients dropped at once by a server restart do not return in lock-step.
/// It never gives up, so as SignalR's <see cref="IRetryPolicy"/> it keeps the automatic reconnect going.
/// </summary>
public sealed class ReconnectSchedule : IRetryPolicy
{
    /// <summary>3 s, 6 s, 12 s, then 12 s forever.</summary>
    public static IReadOnlyList<TimeSpan> DefaultDelays { get; } = [TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(12)];

    readonly TimeSpan[] _delays;
    readonly Random _random;

    /// <param name="delays">At least one, none negative.</param>
    /// <param name="jitter">The fraction each delay may move either way, from 0 to 1.</param>
    /// <param name="random">The source of jitter; <see cref="Random.Shared"/> if null.</param>
    public ReconnectSchedule(IReadOnlyList<TimeSpan> delays, double jitter = 0.2, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(delays);
        if (delays.Count == 0) throw new ArgumentException("At least one reconnect delay is needed.", nameof(delays));
        if (delays.Any(d => d < TimeSpan.Zero)) throw new ArgumentException("Reconnect delays must not be negative.", nameof(delays));
        if (!(jitter is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "Jitter must be from 0 to 1.");
        _delays = [.. delays];
        Jitter = jitter;
        _random = random ?? Random.Shared;
    }

    public IReadOnlyList<TimeSpan> Delays => _delays;
    public double Jitter { get; }

    /// <summary>The delay before retry number <paramref name="attempt"/> (0 = the first retry after a failure).</summary>
    public TimeSpan DelayFor(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        var baseDelay = _delays[Math.Min(attempt, _delays.Length - 1)];
        var factor = 1 + Jitter * (2 * _random.NextDouble() - 1);
        return TimeSpan.FromTicks(Math.Max(0, (long)(baseDelay.Ticks * factor)));
    }

    TimeSpan? IRetryPolicy.NextRetryDelay(RetryContext retryContext) =>
        DelayFor((int)Math.Min(retryContext.PreviousRetryCount, int.MaxValue));
}

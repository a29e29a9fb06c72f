using Microsoft.AspNetCore.SignalR.Client;
using Sentinela.Client;

namespace Sentinela.Tests.Client;

public sealed class ReconnectScheduleTests
{
    /// <summary>A jitter source pinned to one value of NextDouble, for the extremes.</summary>
    sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }

    static readonly TimeSpan[] Defaults = [.. ReconnectSchedule.DefaultDelays];

    [Fact]
    public void Without_jitter_waits_3_6_12_seconds_then_12_forever()
    {
        var schedule = new ReconnectSchedule(Defaults, jitter: 0);

        var delays = Enumerable.Range(0, 8).Select(schedule.DelayFor).Select(d => d.TotalSeconds);

        Assert.Equal([3, 6, 12, 12, 12, 12, 12, 12], delays);
        Assert.Equal(TimeSpan.FromSeconds(12), schedule.DelayFor(int.MaxValue));
    }

    [Fact]
    public void Jitter_keeps_each_delay_within_plus_or_minus_its_fraction()
    {
        var schedule = new ReconnectSchedule(Defaults, jitter: 0.2, new Random(1234));

        for (var attempt = 0; attempt < 2000; attempt++)
        {
            var nominal = Defaults[Math.Min(attempt, Defaults.Length - 1)];
            var delay = schedule.DelayFor(attempt);
            Assert.InRange(delay, nominal * 0.8, nominal * 1.2);
        }
    }

    [Fact]
    public void Jitter_reaches_both_ends_of_its_range()
    {
        Assert.Equal(TimeSpan.FromSeconds(2.4), new ReconnectSchedule(Defaults, 0.2, new FixedRandom(0)).DelayFor(0));
        Assert.Equal(TimeSpan.FromSeconds(3), new ReconnectSchedule(Defaults, 0.2, new FixedRandom(0.5)).DelayFor(0));
        var top = new ReconnectSchedule(Defaults, 0.2, new FixedRandom(Math.BitDecrement(1.0))).DelayFor(2);
        Assert.InRange(top, TimeSpan.FromSeconds(14.4) - TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(14.4));
    }

    [Fact]
    public void Is_never_negative_even_with_full_jitter_or_zero_delays()
    {
        var full = new ReconnectSchedule([TimeSpan.Zero, TimeSpan.FromMilliseconds(1)], jitter: 1, new FixedRandom(0));

        Assert.Equal(TimeSpan.Zero, full.DelayFor(0));
        Assert.Equal(TimeSpan.Zero, full.DelayFor(1));
        var random = new ReconnectSchedule(Defaults, jitter: 1, new Random(7));
        for (var attempt = 0; attempt < 1000; attempt++) Assert.True(random.DelayFor(attempt) >= TimeSpan.Zero);
    }

    [Fact]
    public void As_a_SignalR_retry_policy_it_follows_the_schedule_and_never_gives_up()
    {
        IRetryPolicy policy = new ReconnectSchedule(Defaults, jitter: 0);

        TimeSpan? Next(long previousRetries) =>
            policy.NextRetryDelay(new RetryContext { PreviousRetryCount = previousRetries, ElapsedTime = TimeSpan.FromMinutes(5) });

        Assert.Equal(TimeSpan.FromSeconds(3), Next(0));
        Assert.Equal(TimeSpan.FromSeconds(6), Next(1));
        Assert.Equal(TimeSpan.FromSeconds(12), Next(2));
        Assert.Equal(TimeSpan.FromSeconds(12), Next(10_000));
        Assert.Equal(TimeSpan.FromSeconds(12), Next(long.MaxValue));
    }

    [Fact]
    public void Rejects_an_empty_schedule_negative_delays_and_jitter_outside_0_to_1()
    {
        Assert.Throws<ArgumentException>(() => new ReconnectSchedule([]));
        Assert.Throws<ArgumentException>(() => new ReconnectSchedule([TimeSpan.FromSeconds(-1)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReconnectSchedule(Defaults, jitter: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReconnectSchedule(Defaults, jitter: double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReconnectSchedule(Defaults, 0).DelayFor(-1));
    }
}

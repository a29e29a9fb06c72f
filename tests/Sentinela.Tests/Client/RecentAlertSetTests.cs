using Sentinela.Client;

namespace Sentinela.Tests.Client;

public sealed class RecentAlertSetTests
{
    static readonly Guid A = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
    static readonly Guid B = Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    static readonly Guid C = Guid.Parse("3f2504e0-4f89-41d3-9a0c-0305e82c3301");

    [Fact]
    public void A_version_is_new_once_and_a_duplicate_after_that()
    {
        var seen = new RecentAlertSet();

        Assert.True(seen.TryAdd(A, 1));
        Assert.False(seen.TryAdd(A, 1));
        Assert.True(seen.Contains(A, 1));
        Assert.Equal(1, seen.Count);
    }

    [Fact]
    public void Another_version_or_another_alert_is_not_a_duplicate()
    {
        var seen = new RecentAlertSet();
        seen.TryAdd(A, 1);

        Assert.True(seen.TryAdd(A, 2));
        Assert.True(seen.TryAdd(B, 1));
        Assert.False(seen.Contains(C, 1));
        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public void When_full_the_least_recently_seen_pair_is_evicted_first()
    {
        var seen = new RecentAlertSet(capacity: 3);
        seen.TryAdd(A, 1);
        seen.TryAdd(A, 2);
        seen.TryAdd(A, 3);

        Assert.True(seen.TryAdd(A, 4));

        Assert.Equal(3, seen.Count);
        Assert.False(seen.Contains(A, 1));
        Assert.True(seen.Contains(A, 2) && seen.Contains(A, 3) && seen.Contains(A, 4));
        Assert.True(seen.TryAdd(A, 5));
        Assert.False(seen.Contains(A, 2));
    }

    [Fact]
    public void Seeing_a_pair_again_makes_it_the_most_recent_so_it_outlives_newer_ones()
    {
        var seen = new RecentAlertSet(capacity: 3);
        seen.TryAdd(A, 1);
        seen.TryAdd(B, 1);
        seen.TryAdd(C, 1);

        Assert.False(seen.TryAdd(A, 1)); // a resend: still a duplicate, now the most recent
        seen.TryAdd(C, 2);

        Assert.True(seen.Contains(A, 1));
        Assert.False(seen.Contains(B, 1));
        Assert.True(seen.Contains(C, 1));
        Assert.True(seen.Contains(C, 2));
    }

    [Fact]
    public void An_evicted_pair_counts_as_new_again()
    {
        var seen = new RecentAlertSet(capacity: 2);
        seen.TryAdd(A, 1);
        seen.TryAdd(B, 1);
        seen.TryAdd(C, 1);

        Assert.True(seen.TryAdd(A, 1));
        Assert.False(seen.Contains(B, 1));
    }

    [Fact]
    public void Capacity_one_remembers_only_the_last_pair()
    {
        var seen = new RecentAlertSet(capacity: 1);

        Assert.True(seen.TryAdd(A, 1));
        Assert.True(seen.TryAdd(B, 1));
        Assert.True(seen.TryAdd(A, 1));
        Assert.False(seen.TryAdd(A, 1));
        Assert.Equal(1, seen.Count);
    }

    [Fact]
    public void Capacity_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecentAlertSet(0));
        Assert.Equal(100, new RecentAlertSet().Capacity);
    }
}

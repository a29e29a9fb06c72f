using Sentinela.Server.Rebalancing;

namespace Sentinela.Tests.Unit;

public sealed class RebalancePlanTests
{
    static readonly RebalancingOptions Options = new() { Tolerance = 0.2, MinimumExcess = 50, MaxShedShare = 0.05 };

    [Fact]
    public void A_fresh_instance_beside_a_full_one_makes_the_full_one_shed_a_paced_share()
    {
        // Average 1,000: 1,000 over it, capped at 5 % of 2,000 per round.
        Assert.Equal(100, RebalancePlan.ToShed(2000, [2000, 0], Options));
    }

    [Fact]
    public void An_instance_near_the_average_keeps_its_clients()
    {
        Assert.Equal(0, RebalancePlan.ToShed(1100, [1100, 1000, 900], Options));
        Assert.Equal(0, RebalancePlan.ToShed(900, [1100, 1000, 900], Options));
    }

    [Fact]
    public void A_small_excess_is_not_worth_moving_clients_even_when_relatively_large()
    {
        // 60 vs 20: three times the other, but only 20 over the average of 40.
        Assert.Equal(0, RebalancePlan.ToShed(60, [60, 20], Options));
    }

    [Fact]
    public void An_instance_never_sheds_below_the_average()
    {
        var generous = new RebalancingOptions { Tolerance = 0.2, MinimumExcess = 1, MaxShedShare = 1 };
        Assert.Equal(30, RebalancePlan.ToShed(130, [130, 70, 100], generous));
    }

    [Fact]
    public void Alone_or_empty_there_is_nothing_to_compare()
    {
        Assert.Equal(0, RebalancePlan.ToShed(5000, [5000], Options));
        Assert.Equal(0, RebalancePlan.ToShed(0, [0, 0], Options));
    }
}

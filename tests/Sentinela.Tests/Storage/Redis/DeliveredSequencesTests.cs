using Sentinela.Server.Storage.Distributed.Redis;

namespace Sentinela.Tests.Storage.Redis;

public sealed class DeliveredSequencesTests
{
    [Fact]
    public void Each_sequence_is_claimed_once_whatever_the_order_it_arrives_in()
    {
        var delivered = new DeliveredSequences();
        delivered.StartAfter(4);

        // 6 reaches the stream before 5; 5 then comes from the log, 6 again from the log, 4 was logged before start.
        Assert.Equal([true, true, false, false, false], new long[] { 6, 5, 6, 5, 4 }.Select(delivered.TryClaim));
        Assert.Equal(6, delivered.Watermark);
    }

    [Fact]
    public void The_watermark_stops_below_a_gap_until_it_is_filled()
    {
        var delivered = new DeliveredSequences();

        Assert.True(delivered.TryClaim(1));
        Assert.True(delivered.TryClaim(3));
        Assert.True(delivered.TryClaim(4));
        Assert.Equal(1, delivered.Watermark);
        Assert.True(delivered.TryClaim(2));
        Assert.Equal(4, delivered.Watermark);
    }

    [Fact]
    public void Starting_after_claims_made_before_start_keeps_the_later_ones()
    {
        var delivered = new DeliveredSequences();
        Assert.True(delivered.TryClaim(9));

        delivered.StartAfter(7);

        Assert.Equal(7, delivered.Watermark);
        Assert.False(delivered.TryClaim(9));
        Assert.True(delivered.TryClaim(8));
        Assert.Equal(9, delivered.Watermark);
    }
}

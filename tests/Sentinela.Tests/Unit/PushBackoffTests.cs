using Sentinela.Server.Push.Dispatch;

namespace Sentinela.Tests.Unit;

public sealed class PushBackoffTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(5, 16)]
    public void Retries_wait_1_2_4_8_16_seconds_within_20_percent(int retry, double seconds)
    {
        Assert.Equal(seconds, PushBackoff.Delay(retry, 0.5).TotalSeconds, precision: 6);
        Assert.Equal(seconds * 0.8, PushBackoff.Delay(retry, 0).TotalSeconds, precision: 6);
        Assert.InRange(PushBackoff.Delay(retry, 0.999999).TotalSeconds, seconds * 1.19, seconds * 1.2);
    }
}

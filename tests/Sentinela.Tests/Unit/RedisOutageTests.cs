using Sentinela.Server.Storage;
using Sentinela.Server.Storage.Distributed.Redis;
using StackExchange.Redis;

namespace Sentinela.Tests.Unit;

/// <summary>What a Redis node answers during a Sentinel failover or a restart is an outage (fall back, 503), not a bug (500).</summary>
public sealed class RedisOutageTests
{
    [Theory]
    [InlineData(RedisErrorKind.ReadOnly, "READONLY You can't write against a read only replica.")]
    [InlineData(RedisErrorKind.Loading, "LOADING Redis is loading the dataset in memory")]
    [InlineData(RedisErrorKind.MasterDown, "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.")]
    public void A_node_in_the_middle_of_a_failover_or_restart_is_an_outage(RedisErrorKind kind, string reply)
    {
        var error = new RedisServerException(kind, CommandFlags.None, reply);

        Assert.True(RedisOutage.Is(error));
        Assert.True(StorageOutage.Is(new InvalidOperationException("wrapped", error)));
    }

    [Fact]
    public void A_script_error_is_a_bug_not_an_outage()
    {
        var scriptError = new RedisServerException(RedisErrorKind.UnknownError, CommandFlags.None, "ERR user_script:3: attempt to compare nil with number");

        Assert.False(RedisOutage.Is(scriptError));
        Assert.False(StorageOutage.Is(scriptError));
    }
}

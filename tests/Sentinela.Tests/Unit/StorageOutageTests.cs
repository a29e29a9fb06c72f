using Npgsql;
using Sentinela.Server.Storage;
using Sentinela.Server.Storage.Distributed;

namespace Sentinela.Tests.Unit;

/// <summary>What a PostgreSQL failover throws at a request is an outage (503, retry), not a bug (500).</summary>
public sealed class StorageOutageTests
{
    [Fact]
    public void No_primary_reachable_is_an_outage_but_the_same_failure_unwrapped_is_not()
    {
        // What Npgsql throws when every host of a multi-host connection string is down or a standby: not transient by itself.
        var noSuitableHost = new NpgsqlException("No suitable host was found.");

        Assert.True(StorageOutage.Is(new NoPrimaryException(noSuitableHost)));
        Assert.True(StorageOutage.Is(new InvalidOperationException("wrapped", new NoPrimaryException(noSuitableHost))));
        Assert.False(StorageOutage.Is(noSuitableHost));
    }

    [Fact]
    public void A_write_on_a_node_demoted_to_standby_is_an_outage()
    {
        var readOnly = new PostgresException("cannot execute INSERT in a read-only transaction", "ERROR", "ERROR", PostgresErrorCodes.ReadOnlySqlTransaction);

        Assert.True(StorageOutage.Is(readOnly));
    }

    [Fact]
    public void A_query_error_is_a_bug_not_an_outage()
    {
        var badQuery = new PostgresException("column \"nope\" does not exist", "ERROR", "ERROR", PostgresErrorCodes.UndefinedColumn);

        Assert.False(StorageOutage.Is(badQuery));
        Assert.False(StorageOutage.Is(new NpgsqlException("a bug", new ArgumentException("not an outage"))));
    }
}

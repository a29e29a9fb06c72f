using Npgsql;

namespace Sentinela.Server.Storage;

/// <summary>
/// Which exceptions mean "the store cannot answer now, try again soon" (refused or broken connection, timeout, server
/// shutting down or full) as opposed to a bug, which stays a 500.
/// </summary>
public static class StorageOutage
{
    public static bool Is(Exception? e) => e switch
    {
        null => false,
        // A node demoted to standby under an open connection (a PostgreSQL failover): the next connection finds the new primary.
        PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction } => true,
        // Npgsql marks network errors, timeouts and the server's transient SQL states (57P01 shutdown, 57P03 starting up, 53300 full…).
        NpgsqlException npgsql => npgsql.IsTransient,
        // Redis holds refresh tokens in distributed mode (RedisTimeoutException is a TimeoutException).
        StackExchange.Redis.RedisConnectionException or TimeoutException => true,
        StackExchange.Redis.RedisServerException redis when Distributed.Redis.RedisOutage.Is(redis) => true,
        _ => Is(e.InnerException),
    };
}

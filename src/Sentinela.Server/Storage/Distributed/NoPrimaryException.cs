using Npgsql;

namespace Sentinela.Server.Storage.Distributed;

/// <summary>
/// No connection to a PostgreSQL primary could be opened: every configured host refused, timed out or is a standby (a
/// failover under way, the database restarting). Npgsql reports "no suitable host" without marking it transient; this
/// says it is (<see cref="StorageOutage"/>: 503, retry) as opposed to a server error such as a wrong password.
/// </summary>
public sealed class NoPrimaryException(NpgsqlException inner)
    : NpgsqlException("No PostgreSQL primary is reachable now: " + inner.Message, inner)
{
    public override bool IsTransient => true;
}

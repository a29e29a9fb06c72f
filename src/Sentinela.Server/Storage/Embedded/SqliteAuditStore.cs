using Sentinela.Server.Audit;
using static Sentinela.Server.Storage.Embedded.SqliteCommands;

namespace Sentinela.Server.Storage.Embedded;

public sealed class SqliteAuditStore(SqliteDatabase database) : IAuditStore
{
    public async Task AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken ct)
    {
        await using var c = database.Open();
        await using var transaction = await c.BeginTransactionAsync(ct);
        foreach (var e in events)
            await c.ExecuteAsync("""
                INSERT INTO audit_events (at, action, actor, actor_role, ip, target, detail) VALUES ($at, $action, $actor, $role, $ip, $target, $detail);
                """, ct, ("$at", Millis(e.At)), ("$action", e.Action), ("$actor", e.Actor), ("$role", e.ActorRole), ("$ip", e.Ip),
                ("$target", e.Target), ("$detail", e.Detail));
        await transaction.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<AuditEvent>> QueryAsync(AuditQuery q, CancellationToken ct)
    {
        await using var c = database.Open();
        return await c.QueryAsync("""
            SELECT seq, at, action, actor, actor_role, ip, target, detail FROM audit_events
            WHERE ($actor IS NULL OR actor = $actor) AND ($action IS NULL OR action = $action) AND ($target IS NULL OR target = $target)
              AND ($before IS NULL OR seq < $before)
            ORDER BY seq DESC LIMIT $limit;
            """, r => new AuditEvent(r.TimeOrNull(1)!.Value, r.GetString(2), r.StringOrNull(3), r.StringOrNull(4), r.StringOrNull(5),
            r.StringOrNull(6), r.StringOrNull(7), r.GetInt64(0)), ct,
            ("$actor", q.Actor), ("$action", q.Action), ("$target", q.Target), ("$before", q.Before), ("$limit", q.Limit));
    }
}

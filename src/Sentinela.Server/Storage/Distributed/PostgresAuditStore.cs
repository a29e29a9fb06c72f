using Npgsql;
using Sentinela.Server.Audit;

namespace Sentinela.Server.Storage.Distributed;

public sealed class PostgresAuditStore(PostgresDatabase database) : IAuditStore
{
    public async Task AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken ct)
    {
        if (events.Count == 0) return;
        await using var c = await database.OpenAsync(ct);
        // One multi-row INSERT from arrays: the trail's batches are one statement and one commit.
        await c.ExecuteAsync("""
            INSERT INTO audit_events (at, action, actor, actor_role, ip, target, detail)
            SELECT at, action, actor, actor_role, ip, target, detail FROM unnest(@at::timestamptz[], @action::text[], @actor::text[], @role::text[], @ip::text[], @target::text[], @detail::text[])
                WITH ORDINALITY AS e(at, action, actor, actor_role, ip, target, detail, n)
            ORDER BY n;
            """, ct,
            ("at", events.Select(e => PostgresCommands.Utc(e.At)).ToArray()), ("action", events.Select(e => e.Action).ToArray()),
            ("actor", events.Select(e => e.Actor).ToArray()), ("role", events.Select(e => e.ActorRole).ToArray()),
            ("ip", events.Select(e => e.Ip).ToArray()), ("target", events.Select(e => e.Target).ToArray()),
            ("detail", events.Select(e => e.Detail).ToArray()));
    }

    public async Task<IReadOnlyList<AuditEvent>> QueryAsync(AuditQuery q, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.QueryAsync("""
            SELECT seq, at, action, actor, actor_role, ip, target, detail FROM audit_events
            WHERE (@actor::text IS NULL OR actor = @actor) AND (@action::text IS NULL OR action = @action)
              AND (@target::text IS NULL OR target = @target) AND (@before::bigint IS NULL OR seq < @before)
            ORDER BY seq DESC LIMIT @limit;
            """, Read, ct, ("actor", q.Actor), ("action", q.Action), ("target", q.Target), ("before", q.Before), ("limit", q.Limit));
    }

    static AuditEvent Read(NpgsqlDataReader r) => new(r.Time(1), r.GetString(2), r.StringOrNull(3), r.StringOrNull(4), r.StringOrNull(5),
        r.StringOrNull(6), r.StringOrNull(7), r.GetInt64(0));
}

using Npgsql;
using Sentinela.Server.Alerts;
using Sentinela.Server.Alerts.Workflow;

namespace Sentinela.Server.Storage.Distributed;

public sealed class PostgresAlertHandlingStore(PostgresDatabase database) : IAlertHandlingStore
{
    const string Columns = "alert_id, alert_version, state, note, user_id, user_name, at, step";

    public async Task<bool> TryAppendAsync(AlertHandling h, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.ExecuteAsync("""
            INSERT INTO alert_handling (alert_id, alert_version, state, note, user_id, user_name, at, step)
            VALUES (@alert, @version, @state, @note::text, @user, @name, @at, @step)
            ON CONFLICT (alert_id, step) DO NOTHING;
            """, ct, ("alert", h.AlertId), ("version", h.AlertVersion), ("state", h.State.ToString()), ("note", h.Note),
            ("user", h.UserId), ("name", h.UserName), ("at", h.At), ("step", h.Step)) == 1;
    }

    public async Task<IReadOnlyList<AlertHandling>> ForAlertAsync(Guid alertId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.QueryAsync($"SELECT {Columns} FROM alert_handling WHERE alert_id = @alert ORDER BY step;", Read, ct, ("alert", alertId));
    }

    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<AlertHandling>>> ForAlertsAsync(IReadOnlyCollection<Guid> alertIds, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync($"SELECT {Columns} FROM alert_handling WHERE alert_id = ANY(@ids) ORDER BY alert_id, step;", Read, ct,
            ("ids", alertIds.ToArray()));
        return rows.GroupBy(h => h.AlertId).ToDictionary(g => g.Key, g => (IReadOnlyList<AlertHandling>)g.ToList());
    }

    public async Task<bool> TryClaimEscalationAsync(AlertEscalation e, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.ExecuteAsync("""
            INSERT INTO alert_escalations (alert_id, alert_version, at, coordinators) VALUES (@alert, @version, @at, @n)
            ON CONFLICT (alert_id) DO NOTHING;
            """, ct, ("alert", e.AlertId), ("version", e.AlertVersion), ("at", e.At), ("n", e.Coordinators)) == 1;
    }

    public async Task<IReadOnlyDictionary<Guid, AlertEscalation>> EscalationsAsync(IReadOnlyCollection<Guid> alertIds, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync("SELECT alert_id, alert_version, at, coordinators FROM alert_escalations WHERE alert_id = ANY(@ids);",
            ReadEscalation, ct, ("ids", alertIds.ToArray()));
        return rows.ToDictionary(e => e.AlertId);
    }

    public async Task<IReadOnlyList<AlertEscalation>> EscalationsSinceAsync(DateTimeOffset after, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.QueryAsync("SELECT alert_id, alert_version, at, coordinators FROM alert_escalations WHERE at > @after ORDER BY at;",
            ReadEscalation, ct, ("after", after));
    }

    static AlertEscalation ReadEscalation(NpgsqlDataReader r) => new(r.GetGuid(0), r.GetInt32(1), r.Time(2), r.GetInt32(3));

    static AlertHandling Read(NpgsqlDataReader r) => new(r.GetGuid(0), r.GetInt32(1), Enum.Parse<AlertHandlingState>(r.GetString(2)),
        r.StringOrNull(3), r.GetGuid(4), r.GetString(5), r.Time(6), r.GetInt32(7));
}

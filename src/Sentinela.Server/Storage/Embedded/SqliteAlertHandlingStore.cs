using Microsoft.Data.Sqlite;
using Sentinela.Server.Alerts;
using Sentinela.Server.Alerts.Workflow;
using static Sentinela.Server.Storage.Embedded.SqliteCommands;

namespace Sentinela.Server.Storage.Embedded;

public sealed class SqliteAlertHandlingStore(SqliteDatabase database) : IAlertHandlingStore
{
    const string Columns = "alert_id, alert_version, state, note, user_id, user_name, at, step";

    public async Task<bool> TryAppendAsync(AlertHandling h, CancellationToken ct)
    {
        await using var c = database.Open();
        return await c.ExecuteAsync("""
            INSERT INTO alert_handling (alert_id, alert_version, state, note, user_id, user_name, at, step)
            VALUES ($alert, $version, $state, $note, $user, $name, $at, $step)
            ON CONFLICT (alert_id, step) DO NOTHING;
            """, ct, ("$alert", h.AlertId.ToString()), ("$version", h.AlertVersion), ("$state", h.State.ToString()), ("$note", h.Note),
            ("$user", h.UserId.ToString()), ("$name", h.UserName), ("$at", Millis(h.At)), ("$step", h.Step)) == 1;
    }

    public async Task<IReadOnlyList<AlertHandling>> ForAlertAsync(Guid alertId, CancellationToken ct)
    {
        await using var c = database.Open();
        return await c.QueryAsync($"SELECT {Columns} FROM alert_handling WHERE alert_id = $alert ORDER BY step;", Read, ct,
            ("$alert", alertId.ToString()));
    }

    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<AlertHandling>>> ForAlertsAsync(IReadOnlyCollection<Guid> alertIds, CancellationToken ct)
    {
        await using var c = database.Open();
        var rows = await c.QueryAsync($"""
            SELECT {Columns} FROM alert_handling WHERE alert_id IN (SELECT value FROM json_each($ids)) ORDER BY alert_id, step;
            """, Read, ct, ("$ids", Ids(alertIds)));
        return rows.GroupBy(h => h.AlertId).ToDictionary(g => g.Key, g => (IReadOnlyList<AlertHandling>)g.ToList());
    }

    public async Task<bool> TryClaimEscalationAsync(AlertEscalation e, CancellationToken ct)
    {
        await using var c = database.Open();
        return await c.ExecuteAsync("""
            INSERT INTO alert_escalations (alert_id, alert_version, at, coordinators) VALUES ($alert, $version, $at, $n)
            ON CONFLICT (alert_id) DO NOTHING;
            """, ct, ("$alert", e.AlertId.ToString()), ("$version", e.AlertVersion), ("$at", Millis(e.At)), ("$n", e.Coordinators)) == 1;
    }

    public async Task<IReadOnlyDictionary<Guid, AlertEscalation>> EscalationsAsync(IReadOnlyCollection<Guid> alertIds, CancellationToken ct)
    {
        await using var c = database.Open();
        var rows = await c.QueryAsync("""
            SELECT alert_id, alert_version, at, coordinators FROM alert_escalations WHERE alert_id IN (SELECT value FROM json_each($ids));
            """, ReadEscalation, ct, ("$ids", Ids(alertIds)));
        return rows.ToDictionary(e => e.AlertId);
    }

    public async Task<IReadOnlyList<AlertEscalation>> EscalationsSinceAsync(DateTimeOffset after, CancellationToken ct)
    {
        await using var c = database.Open();
        return await c.QueryAsync("SELECT alert_id, alert_version, at, coordinators FROM alert_escalations WHERE at > $after ORDER BY at;",
            ReadEscalation, ct, ("$after", Millis(after)));
    }

    static AlertEscalation ReadEscalation(SqliteDataReader r) => new(Guid.Parse(r.GetString(0)), r.GetInt32(1), r.TimeOrNull(2)!.Value, r.GetInt32(3));

    /// <summary>The ids as a JSON array for json_each: one parameter, however many ids.</summary>
    static string Ids(IReadOnlyCollection<Guid> ids) => $"[{string.Join(',', ids.Select(i => $"\"{i}\""))}]";

    static AlertHandling Read(SqliteDataReader r) => new(Guid.Parse(r.GetString(0)), r.GetInt32(1), Enum.Parse<AlertHandlingState>(r.GetString(2)),
        r.StringOrNull(3), Guid.Parse(r.GetString(4)), r.GetString(5), r.TimeOrNull(6)!.Value, r.GetInt32(7));
}

using Sentinela.Server.Alerts;
using static Sentinela.Server.Storage.Embedded.SqliteCommands;

namespace Sentinela.Server.Storage.Embedded;

public sealed class SqliteAlertHandlingStore(SqliteDatabase database) : IAlertHandlingStore
{
    public async Task AppendAsync(AlertHandling h, CancellationToken ct)
    {
        await using var c = database.Open();
        await c.ExecuteAsync("""
            INSERT INTO alert_handling (alert_id, alert_version, state, note, user_id, user_name, at)
            VALUES ($alert, $version, $state, $note, $user, $name, $at);
            """, ct, ("$alert", h.AlertId.ToString()), ("$version", h.AlertVersion), ("$state", h.State.ToString()), ("$note", h.Note),
            ("$user", h.UserId.ToString()), ("$name", h.UserName), ("$at", Millis(h.At)));
    }

    public async Task<IReadOnlyList<AlertHandling>> ForAlertAsync(Guid alertId, CancellationToken ct)
    {
        await using var c = database.Open();
        return await c.QueryAsync("""
            SELECT alert_version, state, note, user_id, user_name, at FROM alert_handling WHERE alert_id = $alert ORDER BY seq;
            """, r => new AlertHandling(alertId, r.GetInt32(0), Enum.Parse<AlertHandlingState>(r.GetString(1)), r.StringOrNull(2),
            Guid.Parse(r.GetString(3)), r.GetString(4), r.TimeOrNull(5)!.Value), ct, ("$alert", alertId.ToString()));
    }
}

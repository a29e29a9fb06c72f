using Sentinela.Server.Alerts;

namespace Sentinela.Server.Storage.Distributed;

public sealed class PostgresAlertHandlingStore(PostgresDatabase database) : IAlertHandlingStore
{
    public async Task AppendAsync(AlertHandling h, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await c.ExecuteAsync("""
            INSERT INTO alert_handling (alert_id, alert_version, state, note, user_id, user_name, at)
            VALUES (@alert, @version, @state, @note::text, @user, @name, @at);
            """, ct, ("alert", h.AlertId), ("version", h.AlertVersion), ("state", h.State.ToString()), ("note", h.Note),
            ("user", h.UserId), ("name", h.UserName), ("at", h.At));
    }

    public async Task<IReadOnlyList<AlertHandling>> ForAlertAsync(Guid alertId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.QueryAsync("""
            SELECT alert_version, state, note, user_id, user_name, at FROM alert_handling WHERE alert_id = @alert ORDER BY seq;
            """, r => new AlertHandling(alertId, r.GetInt32(0), Enum.Parse<AlertHandlingState>(r.GetString(1)), r.StringOrNull(2),
            r.GetGuid(3), r.GetString(4), r.Time(5)), ct, ("alert", alertId));
    }
}

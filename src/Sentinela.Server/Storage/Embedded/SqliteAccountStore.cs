using Microsoft.Data.Sqlite;
using Sentinela.Server.Identity;
using static Sentinela.Server.Storage.Embedded.SqliteCommands;

namespace Sentinela.Server.Storage.Embedded;

public sealed class SqliteAccountStore(SqliteDatabase database) : IAccountStore
{
    const string UserColumns = "id, cpf, name, role, jurisdiction, lab_id, password_hash, created_at, disabled";
    const string LabColumns = "id, name, cnes, created_at, disabled, municipality";

    public async Task<bool> AddUserAsync(UserAccount u, CancellationToken ct)
    {
        await using var c = database.Open();
        return await c.ExecuteAsync($"""
            INSERT INTO users ({UserColumns}) VALUES ($id, $cpf, $name, $role, $jurisdiction, $lab, $hash, $at, $disabled)
            ON CONFLICT (cpf) DO NOTHING;
            """, ct, ("$id", u.Id.ToString()), ("$cpf", u.Cpf.Digits), ("$name", u.Name), ("$role", u.Role.ToString()),
            ("$jurisdiction", u.Jurisdiction.ToString()), ("$lab", u.LabId?.ToString()), ("$hash", u.PasswordHash),
            ("$at", Millis(u.CreatedAt)), ("$disabled", u.Disabled)) == 1;
    }

    public async Task<UserAccount?> FindUserAsync(Cpf cpf, CancellationToken ct) =>
        (await UsersAsync("WHERE cpf = $cpf", ct, ("$cpf", cpf.Digits))).FirstOrDefault();

    public async Task<UserAccount?> GetUserAsync(Guid id, CancellationToken ct) =>
        (await UsersAsync("WHERE id = $id", ct, ("$id", id.ToString()))).FirstOrDefault();

    public Task<IReadOnlyList<UserAccount>> ListUsersAsync(CancellationToken ct) => UsersAsync("ORDER BY created_at", ct);

    public async Task<bool> SetUserDisabledAsync(Guid id, bool disabled, CancellationToken ct)
    {
        await using var c = database.Open();
        return await c.ExecuteAsync("UPDATE users SET disabled = $d WHERE id = $id;", ct, ("$d", disabled), ("$id", id.ToString())) == 1;
    }

    public async Task SetPasswordHashAsync(Guid id, string passwordHash, CancellationToken ct)
    {
        await using var c = database.Open();
        await c.ExecuteAsync("UPDATE users SET password_hash = $h WHERE id = $id;", ct, ("$h", passwordHash), ("$id", id.ToString()));
    }

    public async Task<bool> AnyAdminAsync(CancellationToken ct)
    {
        await using var c = database.Open();
        return (await c.QueryAsync("SELECT 1 FROM users WHERE role = 'Admin' AND disabled = 0 LIMIT 1;", r => true, ct)).Count > 0;
    }

    public async Task AddLabAsync(Laboratory lab, CancellationToken ct)
    {
        await using var c = database.Open();
        await c.ExecuteAsync($"INSERT INTO labs ({LabColumns}) VALUES ($id, $name, $cnes, $at, $disabled, $municipality);", ct,
            ("$id", lab.Id.ToString()), ("$name", lab.Name), ("$cnes", lab.Cnes), ("$at", Millis(lab.CreatedAt)), ("$disabled", lab.Disabled),
            ("$municipality", lab.MunicipalityCode));
    }

    public async Task<Laboratory?> GetLabAsync(Guid id, CancellationToken ct)
    {
        await using var c = database.Open();
        return (await c.QueryAsync($"SELECT {LabColumns} FROM labs WHERE id = $id;", ReadLab, ct, ("$id", id.ToString()))).FirstOrDefault();
    }

    public async Task<IReadOnlyList<Laboratory>> ListLabsAsync(CancellationToken ct)
    {
        await using var c = database.Open();
        return await c.QueryAsync($"SELECT {LabColumns} FROM labs ORDER BY created_at;", ReadLab, ct);
    }

    public async Task AddApiKeyAsync(LabApiKey key, CancellationToken ct)
    {
        await using var c = database.Open();
        await c.ExecuteAsync("INSERT INTO lab_api_keys (key_id, lab_id, hash, created_at) VALUES ($id, $lab, $hash, $at);", ct,
            ("$id", key.KeyId), ("$lab", key.LabId.ToString()), ("$hash", key.Hash), ("$at", Millis(key.CreatedAt)));
    }

    public async Task<(Laboratory Lab, LabApiKey Key)?> FindApiKeyAsync(string hash, CancellationToken ct)
    {
        await using var c = database.Open();
        var found = await c.QueryAsync("""
            SELECT l.id, l.name, l.cnes, l.created_at, l.disabled, l.municipality, k.key_id, k.created_at
            FROM lab_api_keys k JOIN labs l ON l.id = k.lab_id
            WHERE k.hash = $hash AND k.revoked_at IS NULL AND l.disabled = 0;
            """, r => (ReadLab(r), new LabApiKey(r.GetString(6), Guid.Parse(r.GetString(0)), hash, r.TimeOrNull(7)!.Value)), ct, ("$hash", hash));
        return found.Count == 0 ? null : found[0];
    }

    public async Task<bool> RevokeApiKeyAsync(Guid labId, string keyId, DateTimeOffset at, CancellationToken ct)
    {
        await using var c = database.Open();
        return await c.ExecuteAsync("UPDATE lab_api_keys SET revoked_at = $at WHERE key_id = $id AND lab_id = $lab AND revoked_at IS NULL;", ct,
            ("$at", Millis(at)), ("$id", keyId), ("$lab", labId.ToString())) == 1;
    }

    async Task<IReadOnlyList<UserAccount>> UsersAsync(string clause, CancellationToken ct, params (string, object?)[] args)
    {
        await using var c = database.Open();
        return await c.QueryAsync($"SELECT {UserColumns} FROM users {clause};", r => new UserAccount(
            Guid.Parse(r.GetString(0)), Cpf.Parse(r.GetString(1)), r.GetString(2), Enum.Parse<Role>(r.GetString(3)),
            Jurisdiction.TryParse(r.GetString(4), out var j) ? j : throw new InvalidDataException("Stored jurisdiction is invalid."),
            r.IsDBNull(5) ? null : Guid.Parse(r.GetString(5)), r.GetString(6), r.TimeOrNull(7)!.Value, r.GetBoolean(8)), ct, args);
    }

    static Laboratory ReadLab(SqliteDataReader r) =>
        new(Guid.Parse(r.GetString(0)), r.GetString(1), r.StringOrNull(2), r.TimeOrNull(3)!.Value, r.GetBoolean(4), r.IsDBNull(5) ? null : r.GetInt32(5));
}

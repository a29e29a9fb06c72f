using Npgsql;
using Sentinela.Server.Identity;

namespace Sentinela.Server.Storage.Distributed;

public sealed class PostgresAccountStore(PostgresDatabase database) : IAccountStore
{
    const string UserColumns = "id, cpf, name, role, jurisdiction, lab_id, password_hash, created_at, disabled";
    const string LabColumns = "id, name, cnes, created_at, disabled, municipality";

    public async Task<bool> AddUserAsync(UserAccount u, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.ExecuteAsync($"""
            INSERT INTO users ({UserColumns}) VALUES (@id, @cpf, @name, @role, @jurisdiction, @lab::uuid, @hash, @at, @disabled)
            ON CONFLICT (cpf) DO NOTHING;
            """, ct, ("id", u.Id), ("cpf", u.Cpf.Digits), ("name", u.Name), ("role", u.Role.ToString()),
            ("jurisdiction", u.Jurisdiction.ToString()), ("lab", u.LabId), ("hash", u.PasswordHash), ("at", u.CreatedAt),
            ("disabled", u.Disabled)) == 1;
    }

    public async Task<UserAccount?> FindUserAsync(Cpf cpf, CancellationToken ct) =>
        (await UsersAsync("WHERE cpf = @cpf", ct, ("cpf", cpf.Digits))).FirstOrDefault();

    public async Task<UserAccount?> GetUserAsync(Guid id, CancellationToken ct) =>
        (await UsersAsync("WHERE id = @id", ct, ("id", id))).FirstOrDefault();

    public Task<IReadOnlyList<UserAccount>> ListUsersAsync(CancellationToken ct) => UsersAsync("ORDER BY created_at", ct);

    public async Task<bool> SetUserDisabledAsync(Guid id, bool disabled, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.ExecuteAsync("UPDATE users SET disabled = @d WHERE id = @id;", ct, ("d", disabled), ("id", id)) == 1;
    }

    public async Task SetPasswordHashAsync(Guid id, string passwordHash, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await c.ExecuteAsync("UPDATE users SET password_hash = @h WHERE id = @id;", ct, ("h", passwordHash), ("id", id));
    }

    public async Task<bool> AnyAdminAsync(CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return (await c.QueryAsync("SELECT 1 FROM users WHERE role = 'Admin' AND NOT disabled LIMIT 1;", r => true, ct)).Count > 0;
    }

    public async Task AddLabAsync(Laboratory lab, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await c.ExecuteAsync($"INSERT INTO labs ({LabColumns}) VALUES (@id, @name, @cnes::text, @at, @disabled, @municipality::integer);", ct,
            ("id", lab.Id), ("name", lab.Name), ("cnes", lab.Cnes), ("at", lab.CreatedAt), ("disabled", lab.Disabled), ("municipality", lab.MunicipalityCode));
    }

    public async Task<Laboratory?> GetLabAsync(Guid id, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return (await c.QueryAsync($"SELECT {LabColumns} FROM labs WHERE id = @id;", ReadLab, ct, ("id", id))).FirstOrDefault();
    }

    public async Task<IReadOnlyList<Laboratory>> ListLabsAsync(CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.QueryAsync($"SELECT {LabColumns} FROM labs ORDER BY created_at;", ReadLab, ct);
    }

    public async Task AddApiKeyAsync(LabApiKey key, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await c.ExecuteAsync("INSERT INTO lab_api_keys (key_id, lab_id, hash, created_at) VALUES (@id, @lab, @hash, @at);", ct,
            ("id", key.KeyId), ("lab", key.LabId), ("hash", key.Hash), ("at", key.CreatedAt));
    }

    public async Task<(Laboratory Lab, LabApiKey Key)?> FindApiKeyAsync(string hash, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var found = await c.QueryAsync("""
            SELECT l.id, l.name, l.cnes, l.created_at, l.disabled, l.municipality, k.key_id, k.created_at
            FROM lab_api_keys k JOIN labs l ON l.id = k.lab_id
            WHERE k.hash = @hash AND k.revoked_at IS NULL AND NOT l.disabled;
            """, r => (ReadLab(r), new LabApiKey(r.GetString(6), r.GetGuid(0), hash, r.Time(7))), ct, ("hash", hash));
        return found.Count == 0 ? null : found[0];
    }

    public async Task<bool> RevokeApiKeyAsync(Guid labId, string keyId, DateTimeOffset at, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.ExecuteAsync("UPDATE lab_api_keys SET revoked_at = @at WHERE key_id = @id AND lab_id = @lab AND revoked_at IS NULL;", ct,
            ("at", at), ("id", keyId), ("lab", labId)) == 1;
    }

    async Task<IReadOnlyList<UserAccount>> UsersAsync(string clause, CancellationToken ct, params (string, object?)[] args)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.QueryAsync($"SELECT {UserColumns} FROM users {clause};", r => new UserAccount(
            r.GetGuid(0), Cpf.Parse(r.GetString(1)), r.GetString(2), Enum.Parse<Role>(r.GetString(3)),
            Jurisdiction.TryParse(r.GetString(4), out var j) ? j : throw new InvalidDataException("Stored jurisdiction is invalid."),
            r.IsDBNull(5) ? null : r.GetGuid(5), r.GetString(6), r.Time(7), r.GetBoolean(8)), ct, args);
    }

    static Laboratory ReadLab(NpgsqlDataReader r) => new(r.GetGuid(0), r.GetString(1), r.StringOrNull(2), r.Time(3), r.GetBoolean(4), r.IsDBNull(5) ? null : r.GetInt32(5));
}

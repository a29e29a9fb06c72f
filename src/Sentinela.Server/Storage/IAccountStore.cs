using Sentinela.Server.Identity;

namespace Sentinela.Server.Storage;

/// <summary>Users, laboratories and laboratories' API keys.</summary>
public interface IAccountStore
{
    /// <summary>False when a user with that CPF exists.</summary>
    Task<bool> AddUserAsync(UserAccount user, CancellationToken ct);
    Task<UserAccount?> FindUserAsync(Cpf cpf, CancellationToken ct);
    Task<UserAccount?> GetUserAsync(Guid id, CancellationToken ct);
    Task<IReadOnlyList<UserAccount>> ListUsersAsync(CancellationToken ct);
    Task<bool> SetUserDisabledAsync(Guid id, bool disabled, CancellationToken ct);
    Task SetPasswordHashAsync(Guid id, string passwordHash, CancellationToken ct);
    Task<bool> AnyAdminAsync(CancellationToken ct);

    Task AddLabAsync(Laboratory lab, CancellationToken ct);
    Task<Laboratory?> GetLabAsync(Guid id, CancellationToken ct);
    Task<IReadOnlyList<Laboratory>> ListLabsAsync(CancellationToken ct);
    Task AddApiKeyAsync(LabApiKey key, CancellationToken ct);
    /// <summary>The active (not revoked) key with this hash and its enabled lab.</summary>
    Task<(Laboratory Lab, LabApiKey Key)?> FindApiKeyAsync(string hash, CancellationToken ct);
    Task<bool> RevokeApiKeyAsync(Guid labId, string keyId, DateTimeOffset at, CancellationToken ct);
}

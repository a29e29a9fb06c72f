using Sentinela.Server.Identity;

namespace Sentinela.Server.Storage;

/// <summary>Refresh-token hashes with their family, use and revocation.</summary>
public interface IRefreshTokenStore
{
    Task AddAsync(RefreshToken token, CancellationToken ct);
    Task<RefreshToken?> FindAsync(string hash, CancellationToken ct);
    /// <summary>Marks the token used if it is neither used nor revoked; false when another request got there first.</summary>
    Task<bool> TryUseAsync(string hash, DateTimeOffset at, CancellationToken ct);
    Task RevokeFamilyAsync(Guid familyId, DateTimeOffset at, CancellationToken ct);
    Task RevokeUserAsync(Guid userId, DateTimeOffset at, CancellationToken ct);
}

namespace Sentinela.Server.Identity;

/// <summary>
/// A stored refresh token: only its hash. Tokens descending from one login share a <see cref="FamilyId"/>; each is used
/// once (rotation), and presenting a used one revokes the family.
/// </summary>
public sealed record RefreshToken(
    string Hash,
    Guid FamilyId,
    Guid UserId,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? UsedAt = null,
    DateTimeOffset? RevokedAt = null);

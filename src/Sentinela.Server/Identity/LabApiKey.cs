namespace Sentinela.Server.Identity;

/// <summary>A laboratory's API key as stored: its public id and the SHA-256 of the whole key, never the key itself.</summary>
public sealed record LabApiKey(string KeyId, Guid LabId, string Hash, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt = null);

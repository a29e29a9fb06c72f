using MessagePack;
using Sentinela.Server.Identity;

namespace Sentinela.Server.Storage.Distributed.Redis;

/// <summary>The immutable part of a <see cref="RefreshToken"/> as Redis keeps it under the token's hash; use and revocation are keys of their own.</summary>
[MessagePackObject]
public sealed record RefreshTokenEntry(
    [property: Key(0)] Guid FamilyId,
    [property: Key(1)] Guid UserId,
    [property: Key(2)] DateTimeOffset IssuedAt,
    [property: Key(3)] DateTimeOffset ExpiresAt)
{
    static readonly MessagePackSerializerOptions Options = MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    public static RefreshTokenEntry From(RefreshToken token) => new(token.FamilyId, token.UserId, token.IssuedAt, token.ExpiresAt);

    public byte[] Serialize() => MessagePackSerializer.Serialize(this, Options);

    public static RefreshTokenEntry Deserialize(ReadOnlyMemory<byte> bytes) => MessagePackSerializer.Deserialize<RefreshTokenEntry>(bytes, Options);
}

using MessagePack;
using MessagePack.Resolvers;
using Sentinela.Server.Alerts;

namespace Sentinela.Server.Storage.Distributed.Redis;

/// <summary>
/// A <see cref="PublishedAlert"/> as it crosses Redis: the alert version, its trace context and cause time, and the
/// instance that published it (which has already delivered it locally and skips it when reading the stream).
/// </summary>
[MessagePackObject]
public sealed record AlertBusMessage(
    [property: Key(0)] string Origin,
    [property: Key(1)] OutbreakAlert Alert,
    [property: Key(2)] DateTimeOffset? CauseReceivedAt,
    [property: Key(3)] string? TraceParent)
{
    // The alert's own types carry no MessagePack attributes (they are the REST/hub model); contractless maps them by name.
    static readonly MessagePackSerializerOptions Options = MessagePackSerializerOptions.Standard
        .WithResolver(CompositeResolver.Create(StandardResolver.Instance, ContractlessStandardResolver.Instance))
        .WithSecurity(MessagePackSecurity.UntrustedData);

    public byte[] Serialize() => MessagePackSerializer.Serialize(this, Options);

    public static AlertBusMessage Deserialize(ReadOnlyMemory<byte> bytes) => MessagePackSerializer.Deserialize<AlertBusMessage>(bytes, Options);

    public PublishedAlert ToPublished() => new(Alert, CauseReceivedAt, TraceParent);
}

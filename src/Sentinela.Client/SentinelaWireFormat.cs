using System.Text.Json;
using System.Text.Json.Serialization;
using MessagePack;
using MessagePack.Resolvers;

namespace Sentinela.Client;

/// <summary>
/// The serializer settings the client uses for hub payloads, public so tests and tools read the wire the same way.
/// JSON: camelCase names, case-insensitive, enums as camelCase strings (numbers and other casings also read).
/// MessagePack: contractless (PascalCase member names, unknown members skipped), enums read from either their name, as
/// SignalR's default resolver sends them, or their ordinal, as a contractless resolver sends them.
/// </summary>
public static class SentinelaWireFormat
{
    /// <summary>A new, mutable copy each call (SignalR takes ownership of the instance it is given).</summary>
    public static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNameCaseInsensitive = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }

    public static MessagePackSerializerOptions MessagePackOptions { get; } = MessagePackSerializerOptions.Standard
        .WithResolver(CompositeResolver.Create(NameOrOrdinalEnumResolver.Instance, ContractlessStandardResolver.Instance))
        .WithSecurity(MessagePackSecurity.UntrustedData);
}

using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using MessagePack;
using MessagePack.Resolvers;

namespace Sentinela.Client;

/// <summary>
/// The serializer settings the client uses for hub payloads, public so tests and tools read the wire the same way.
/// JSON: camelCase names, case-insensitive, enums as camelCase strings (numbers and other casings also read), metadata
/// source-generated and shared by every connection of the process. MessagePack: contractless (PascalCase member names,
/// unknown members skipped), enums read from either their name, as SignalR's default resolver sends them, or their
/// ordinal, as a contractless resolver sends them.
/// </summary>
public static class SentinelaWireFormat
{
    /// <summary>One read-only instance for every connection: its metadata cache is built once per process.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = CreateJsonOptions();

    static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNameCaseInsensitive = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // The generated context first; reflection only for a type an app passes that the context does not know.
            TypeInfoResolver = JsonTypeInfoResolver.Combine(SentinelaJsonContext.Default, new DefaultJsonTypeInfoResolver()),
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly();
        return options;
    }

    public static MessagePackSerializerOptions MessagePackOptions { get; } = MessagePackSerializerOptions.Standard
        .WithResolver(CompositeResolver.Create(NameOrOrdinalEnumResolver.Instance, ContractlessStandardResolver.Instance))
        .WithSecurity(MessagePackSecurity.UntrustedData);
}

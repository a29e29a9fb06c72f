using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sentinela.Server;

/// <summary>
/// One set of JSON conventions for REST, the hub and stored payloads: camelCase names, enums as camelCase strings, nulls
/// left out, and the source-generated metadata of <see cref="SentinelaJsonContext"/> first.
/// </summary>
public static class SentinelaJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Applies the conventions to options owned by someone else (ASP.NET Core, SignalR, a test client).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.TypeInfoResolverChain.Insert(0, SentinelaJsonContext.Default);
        return options;
    }
}

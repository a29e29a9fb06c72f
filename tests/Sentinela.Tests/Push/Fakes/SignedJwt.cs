using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Sentinela.Tests.Push.Fakes;

/// <summary>A compact JWS as a provider reads it: header and claims, once its signature has been checked.</summary>
public sealed record SignedJwt(JsonElement Header, JsonElement Claims)
{
    /// <summary>Null unless <paramref name="jwt"/> has three parts and <paramref name="verify"/> accepts its signature.</summary>
    public static SignedJwt? Read(string? jwt, Func<byte[], byte[], bool> verify)
    {
        var parts = jwt?.Split('.');
        if (parts is not { Length: 3 }) return null;
        try
        {
            if (!verify(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]))) return null;
            return new SignedJwt(JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])).RootElement,
                JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])).RootElement);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    public string? HeaderString(string name) => Header.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    public string? ClaimString(string name) => Claims.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    public long? ClaimNumber(string name) => Claims.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;
}

using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Sentinela.Server.Push;

/// <summary>Compact JWS (JWT) signing for the provider credentials: RS256 for Google's OAuth assertion, ES256 for APNs.</summary>
internal static class JsonWebSignature
{
    /// <summary>Writes the header and claims as JSON, then signs "header.claims" with <paramref name="sign"/>.</summary>
    public static string Create(string algorithm, string? keyId, Action<Utf8JsonWriter> writeClaims, Func<byte[], byte[]> sign)
    {
        var header = Json(w =>
        {
            w.WriteString("alg", algorithm);
            w.WriteString("typ", "JWT");
            if (!string.IsNullOrEmpty(keyId)) w.WriteString("kid", keyId);
        });
        var signingInput = $"{Base64Url.EncodeToString(header)}.{Base64Url.EncodeToString(Json(writeClaims))}";
        return $"{signingInput}.{Base64Url.EncodeToString(sign(Encoding.ASCII.GetBytes(signingInput)))}";
    }

    static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }
}

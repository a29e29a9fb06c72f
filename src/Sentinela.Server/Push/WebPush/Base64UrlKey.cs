namespace Sentinela.Server.Push.WebPush;

/// <summary>Base64url without padding, as the Push API and VAPID write keys; decoding refuses oversized or malformed text.</summary>
internal static class Base64UrlKey
{
    public static bool TryDecode(string? text, int maxBytes, out byte[] bytes)
    {
        bytes = [];
        if (string.IsNullOrEmpty(text) || text.Length > (maxBytes + 2) / 3 * 4) return false;
        try
        {
            bytes = System.Buffers.Text.Base64Url.DecodeFromChars(text.TrimEnd('='));
            return bytes.Length <= maxBytes;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static string Encode(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}

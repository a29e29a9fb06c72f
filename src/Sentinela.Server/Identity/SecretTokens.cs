using System.Security.Cryptography;
using System.Text;

namespace Sentinela.Server.Identity;

/// <summary>
/// Random bearer secrets (refresh tokens, API keys) and their stored form. They carry 256 random bits, so a plain SHA-256
/// is enough to store them: unlike passwords there is nothing to guess, and lookups by hash stay fast.
/// </summary>
public static class SecretTokens
{
    public static string New(string prefix) => prefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

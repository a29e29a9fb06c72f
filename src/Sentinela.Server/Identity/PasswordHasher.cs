using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Sentinela.Server.Identity;

/// <summary>
/// Argon2id password hashes in the PHC string format ($argon2id$v=19$m=…,t=…,p=…$salt$hash), so each hash carries its
/// own parameters and raising the cost later keeps old hashes verifiable (and <see cref="NeedsRehash"/> says so).
/// </summary>
public sealed class PasswordHasher(IOptions<IdentityOptions> options)
{
    const int SaltBytes = 16;
    const int HashBytes = 32;

    /// <summary>Longer passwords only cost hashing time; 128 characters is more than any passphrase needs.</summary>
    public const int MaxPasswordLength = 128;
    public const int MinPasswordLength = 12;

    public string Hash(string password)
    {
        var o = options.Value;
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Compute(password, salt, o.Argon2MemoryKiB, o.Argon2Iterations, o.Argon2Parallelism, HashBytes);
        return $"$argon2id$v=19$m={o.Argon2MemoryKiB},t={o.Argon2Iterations},p={o.Argon2Parallelism}${B64(salt)}${B64(hash)}";
    }

    public bool Verify(string password, string phc)
    {
        if (!TryRead(phc, out var p)) return false;
        var actual = Compute(password, p.Salt, p.Memory, p.Iterations, p.Parallelism, p.Hash.Length);
        return CryptographicOperations.FixedTimeEquals(actual, p.Hash);
    }

    public bool NeedsRehash(string phc)
    {
        var o = options.Value;
        return !TryRead(phc, out var p) || p.Memory < o.Argon2MemoryKiB || p.Iterations < o.Argon2Iterations || p.Parallelism < o.Argon2Parallelism;
    }

    /// <summary>Spends the time of a real verification, so an unknown CPF answers as slowly as a wrong password.</summary>
    public void VerifyNothing(string password) => Hash(password);

    static byte[] Compute(string password, byte[] salt, int memoryKiB, int iterations, int parallelism, int length)
    {
        using var argon = new Argon2id(Encoding.UTF8.GetBytes(password))
        {
            Salt = salt,
            MemorySize = memoryKiB,
            Iterations = iterations,
            DegreeOfParallelism = parallelism,
        };
        return argon.GetBytes(length);
    }

    readonly record struct Parameters(int Memory, int Iterations, int Parallelism, byte[] Salt, byte[] Hash);

    static bool TryRead(string phc, out Parameters parameters)
    {
        parameters = default;
        var parts = phc.Split('$');
        if (parts is not ["", "argon2id", "v=19", var costs, var salt, var hash]) return false;
        var values = costs.Split(',').Select(c => c.Split('=')).ToDictionary(kv => kv[0], kv => int.TryParse(kv.ElementAtOrDefault(1), out var v) ? v : 0);
        if (!values.TryGetValue("m", out var m) || !values.TryGetValue("t", out var t) || !values.TryGetValue("p", out var pl) || m <= 0 || t <= 0 || pl <= 0)
            return false;
        try
        {
            parameters = new Parameters(m, t, pl, FromB64(salt), FromB64(hash));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    // PHC strings use unpadded standard base64.
    static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    static byte[] FromB64(string text) => Convert.FromBase64String(text.PadRight(text.Length + (4 - text.Length % 4) % 4, '='));
}

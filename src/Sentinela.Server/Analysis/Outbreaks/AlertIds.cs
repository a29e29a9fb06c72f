using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Sentinela.Server.Analysis.Outbreaks;

/// <summary>
/// UUIDv7 alert ids whose "random" bits are a hash of what the alert is (kind, condition, core municipality, raise time):
/// time-ordered like any v7, and the same input decided at the same data time gets the same id, so a backtest is
/// reproducible and the embedded and distributed deciders name one outbreak alike.
/// </summary>
public static class AlertIds
{
    public static Guid For(string what, DateTimeOffset raisedAt)
    {
        Span<byte> bytes = stackalloc byte[16];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{what}|{raisedAt.ToUnixTimeMilliseconds()}"))[..16].CopyTo(bytes);
        var ms = raisedAt.ToUnixTimeMilliseconds();
        for (var i = 0; i < 6; i++) bytes[i] = (byte)(ms >> (8 * (5 - i)));
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}

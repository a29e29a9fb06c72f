using System.Buffers.Binary;
using System.Text;
using Sentinela.Geography;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis.Collective.Distributed;

/// <summary>
/// A hemogram as one binary GEO member: everything the radius lens reads (id, time, exact coordinate, masks, values,
/// lab), so a query is one GEOSEARCH per key with no second round trip to a companion hash. The exact coordinate is kept
/// because the geohash score is rounded (~0.6 m) and the final distance filter must be the in-memory index's.
/// </summary>
internal static class HemogramMember
{
    const int Fixed = 16 + 8 + 8 + 8 + 4 + 4 + 4;
    static readonly int ValuesLength = HemogramParameters.All.Length * sizeof(float);

    public static byte[] Encode(IndexedHemogram h)
    {
        var lab = h.Lab is null ? [] : Encoding.UTF8.GetBytes(h.Lab);
        var bytes = new byte[Fixed + ValuesLength + 1 + lab.Length];
        var span = bytes.AsSpan();
        h.Id.TryWriteBytes(span[..16]);
        BinaryPrimitives.WriteInt64LittleEndian(span[16..], h.CollectedAt.UtcTicks);
        BinaryPrimitives.WriteDoubleLittleEndian(span[24..], h.Location.Latitude);
        BinaryPrimitives.WriteDoubleLittleEndian(span[32..], h.Location.Longitude);
        BinaryPrimitives.WriteUInt32LittleEndian(span[40..], h.AbnormalMask);
        BinaryPrimitives.WriteInt32LittleEndian(span[44..], h.MunicipalityCode);
        BinaryPrimitives.WriteInt32LittleEndian(span[48..], h.StateCode);
        var values = h.Values;
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(span[(Fixed + i * 4)..], values[i]);
        span[Fixed + ValuesLength] = h.Lab is null ? (byte)0 : (byte)1;
        lab.CopyTo(span[(Fixed + ValuesLength + 1)..]);
        return bytes;
    }

    /// <summary>Only the collection time, to drop members outside the window before decoding the rest.</summary>
    public static DateTimeOffset CollectedAt(ReadOnlySpan<byte> member) =>
        new(BinaryPrimitives.ReadInt64LittleEndian(member[16..]), TimeSpan.Zero);

    public static GeoPoint Location(ReadOnlySpan<byte> member) =>
        new(BinaryPrimitives.ReadDoubleLittleEndian(member[24..]), BinaryPrimitives.ReadDoubleLittleEndian(member[32..]));

    public static bool Measured(ReadOnlySpan<byte> member, HemogramParameter p) =>
        !float.IsNaN(BinaryPrimitives.ReadSingleLittleEndian(member[(Fixed + (int)p * 4)..]));

    public static IndexedHemogram Decode(ReadOnlySpan<byte> member)
    {
        var values = new float[HemogramParameters.All.Length];
        for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(member[(Fixed + i * 4)..]);
        var lab = member[Fixed + ValuesLength] == 0 ? null : Encoding.UTF8.GetString(member[(Fixed + ValuesLength + 1)..]);
        return new IndexedHemogram(new Guid(member[..16]), Location(member), CollectedAt(member),
            BinaryPrimitives.ReadInt32LittleEndian(member[44..]), BinaryPrimitives.ReadInt32LittleEndian(member[48..]),
            BinaryPrimitives.ReadUInt32LittleEndian(member[40..]), lab, values);
    }
}

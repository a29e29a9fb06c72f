using System.Buffers;
using System.Text.Json;
using Sentinela.Geography;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Storage;

/// <summary>
/// The compact JSON both stores keep beside a hemogram's columns: its members (when explicit, see
/// <see cref="Hemogram.HasExplicitMembers"/>), and whole earlier versions in the version history. Hand-written with
/// Utf8JsonWriter: it runs inside the write transaction of every revised hemogram.
/// </summary>
public static class HemogramRecords
{
    public static string MembersJson(IReadOnlyList<HemogramMember> members)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            WriteMembers(w, members);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static IReadOnlyList<HemogramMember> ReadMembers(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ReadMembers(document.RootElement);
    }

    public static string FindingsJson(IReadOnlyList<Finding> findings)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer))
        {
            WriteFindings(w, findings);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static List<Finding> ReadFindings(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ReadFindings(document.RootElement);
    }

    /// <summary>A whole version, for the history (what <c>GET /fhir/Observation/{id}/_history/{v}</c> shows).</summary>
    public static string SnapshotJson(Hemogram h)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", h.Id);
            w.WriteString("sourceKey", h.SourceKey);
            w.WriteNumber("version", h.Version);
            w.WriteNumber("status", (int)h.Status);
            if (h.Lab is not null) w.WriteString("lab", h.Lab);
            w.WriteNumber("municipality", h.MunicipalityCode);
            w.WriteNumber("state", h.StateCode);
            w.WriteNumber("lat", h.Location.Latitude);
            w.WriteNumber("lon", h.Location.Longitude);
            w.WriteNumber("locationSource", (int)h.LocationSource);
            w.WriteNumber("sex", (int)h.Sex);
            if (h.AgeBand is not null) w.WriteString("ageBand", h.AgeBand);
            w.WriteNumber("collectedAt", h.CollectedAt.ToUnixTimeMilliseconds());
            w.WriteNumber("receivedAt", h.ReceivedAt.ToUnixTimeMilliseconds());
            if (h.UpdatedAt is { } updated) w.WriteNumber("updatedAt", updated.ToUnixTimeMilliseconds());
            w.WriteNumber("abnormal", h.AbnormalMask);
            w.WriteNumber("absent", h.AbsentMask);
            w.WriteBoolean("counted", h.Counted);
            if (h.GroupKey is not null) w.WriteString("groupKey", h.GroupKey);
            if (h.Submitter is { } submitter) w.WriteString("submitter", submitter);
            if (h.ContentHash is not null) w.WriteString("contentHash", h.ContentHash);
            w.WritePropertyName("measurements");
            WriteMeasurements(w, h.Measurements);
            w.WritePropertyName("findings");
            WriteFindings(w, h.Findings);
            if (h.HasExplicitMembers)
            {
                w.WritePropertyName("members");
                WriteMembers(w, h.Members);
            }
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static Hemogram ReadSnapshot(string json, long sequence)
    {
        using var document = JsonDocument.Parse(json);
        var r = document.RootElement;
        string? Text(string name) => r.TryGetProperty(name, out var v) ? v.GetString() : null;
        DateTimeOffset Time(string name) => DateTimeOffset.FromUnixTimeMilliseconds(r.GetProperty(name).GetInt64());
        return new Hemogram
        {
            Id = r.GetProperty("id").GetGuid(),
            SourceKey = r.GetProperty("sourceKey").GetString()!,
            Sequence = sequence,
            Version = r.GetProperty("version").GetInt32(),
            Status = (HemogramStatus)r.GetProperty("status").GetInt32(),
            Lab = Text("lab"),
            MunicipalityCode = r.GetProperty("municipality").GetInt32(),
            StateCode = r.GetProperty("state").GetInt32(),
            Location = new GeoPoint(r.GetProperty("lat").GetDouble(), r.GetProperty("lon").GetDouble()),
            LocationSource = (LocationSource)r.GetProperty("locationSource").GetInt32(),
            Sex = (Sex)r.GetProperty("sex").GetInt32(),
            AgeBand = Text("ageBand"),
            CollectedAt = Time("collectedAt"),
            ReceivedAt = Time("receivedAt"),
            UpdatedAt = r.TryGetProperty("updatedAt", out _) ? Time("updatedAt") : null,
            AbnormalMask = r.GetProperty("abnormal").GetUInt32(),
            AbsentMask = r.GetProperty("absent").GetUInt32(),
            Counted = r.GetProperty("counted").GetBoolean(),
            GroupKey = Text("groupKey"),
            Submitter = Text("submitter") is { } s ? Guid.Parse(s) : null,
            ContentHash = Text("contentHash"),
            Measurements = ReadMeasurements(r.GetProperty("measurements")),
            Findings = ReadFindings(r.GetProperty("findings")),
            Members = r.TryGetProperty("members", out var members) ? ReadMembers(members) : [],
        };
    }

    static void WriteMembers(Utf8JsonWriter w, IReadOnlyList<HemogramMember> members)
    {
        w.WriteStartArray();
        foreach (var m in members)
        {
            w.WriteStartObject();
            w.WriteString("k", m.Key);
            w.WriteString("h", m.ContentHash);
            w.WriteNumber("s", (int)m.Status);
            w.WritePropertyName("m");
            WriteMeasurements(w, m.Measurements);
            w.WritePropertyName("f");
            WriteFindings(w, m.Findings);
            w.WriteNumber("a", m.AbsentMask);
            w.WriteStartArray("seen");
            foreach (var seen in m.SeenHashes) w.WriteStringValue(seen);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    static List<HemogramMember> ReadMembers(JsonElement array) => array.EnumerateArray().Select(m => new HemogramMember(
        m.GetProperty("k").GetString()!,
        m.GetProperty("h").GetString()!,
        (ResultStatus)m.GetProperty("s").GetInt32(),
        ReadMeasurements(m.GetProperty("m")),
        ReadFindings(m.GetProperty("f")),
        m.GetProperty("a").GetUInt32(),
        m.GetProperty("seen").EnumerateArray().Select(s => s.GetString()!).ToList())).ToList();

    static void WriteMeasurements(Utf8JsonWriter w, IReadOnlyList<Measurement> measurements)
    {
        w.WriteStartArray();
        foreach (var m in measurements)
        {
            w.WriteStartArray();
            w.WriteNumberValue((int)m.Parameter);
            w.WriteNumberValue(m.Value);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    static List<Measurement> ReadMeasurements(JsonElement array) =>
        array.EnumerateArray().Select(m => new Measurement((HemogramParameter)m[0].GetInt32(), m[1].GetDouble())).ToList();

    static void WriteFindings(Utf8JsonWriter w, IReadOnlyList<Finding> findings)
    {
        w.WriteStartArray();
        foreach (var f in findings)
        {
            w.WriteStartArray();
            w.WriteNumberValue((int)f.Parameter);
            w.WriteNumberValue((int)f.Direction);
            w.WriteNumberValue(f.Value);
            w.WriteNumberValue(f.ReferenceLow);
            w.WriteNumberValue(f.ReferenceHigh);
            w.WriteNumberValue((int)f.Severity);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    static List<Finding> ReadFindings(JsonElement array) => array.EnumerateArray().Select(f => new Finding(
        (HemogramParameter)f[0].GetInt32(), (Direction)f[1].GetInt32(), f[2].GetDouble(), f[3].GetDouble(), f[4].GetDouble(),
        (FindingSeverity)f[5].GetInt32())).ToList();
}

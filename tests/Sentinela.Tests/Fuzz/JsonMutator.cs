using System.Text;
using System.Text.Json.Nodes;

namespace Sentinela.Tests.Fuzz;

/// <summary>
/// Seeded, structure-aware mutations of a JSON document, as an attacker or a careless integrator would send it: values of
/// the wrong type, huge and non-finite numbers, huge, unicode and NUL strings, deep nesting, many elements, duplicate
/// keys, nulls, deletions, single values where arrays belong and back, then byte-level damage (truncation, flipped
/// bytes, invalid UTF-8, a BOM, trailing garbage). Raw insertions (depth, size) go in through placeholders after
/// serialisation: JsonNode itself refuses more than 64 levels.
/// </summary>
public sealed class JsonMutator(Random random)
{
    /// <summary>Raw JSON values that are not what a FHIR element expects, or are at the edge of what it accepts.</summary>
    static readonly string[] HostileValues =
    [
        "\"92\"", "true", "false", "[92]", "1e308", "1e309", "-1e309", "1e-400", "\"NaN\"", "\"Infinity\"", "-0", "0",
        "123456789012345678901234567890", "79228162514264337593543950336", "0.0000000000000000000000000000001", "-1",
        "2147483648", "9223372036854775808", "null", "{}", "[]", "[null]", "[[]]", "\"\"", "\" \"", "\"\\u0000\"",
        "\"a\\u0000b\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\u202eRTL\"", "\"💉🩸🧪\"", "\"e\u0301\u0301\u0301\"", "\"x\"",
        "{\"a\":1}", "\"2026-13-45T99:99:99Z\"", "\"0000-00-00\"", "\"9999-12-31T23:59:59Z\"", "\"urn:uuid:x\"", "\"#p\"",
        "\"Patient/../../etc/passwd\"", "\"http://169.254.169.254/latest/meta-data\"", "\"<script>alert(1)</script>\"",
        "\"'; DROP TABLE hemograms; --\"", "\"%s%s%n\"", "{\"resourceType\":\"Patient\"}", "{\"reference\":5}", "[{}]",
        "\"\\\"\"", "\"\\\\\"", "{\"$ref\":\"#\"}", "\"\\t\\r\\n\"",
    ];

    /// <summary>A mutated copy of the document and what was done to it.</summary>
    /// <param name="within">Restricts the structural mutations to these nodes (e.g. one Bundle entry).</param>
    public (byte[] Body, string Mutation) Mutate(string json, Func<JsonNode, bool>? within = null)
    {
        try
        {
            return MutateDocument(json, within);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // A mutation JsonNode cannot make or write leaves the document as it was.
            return (Encoding.UTF8.GetBytes(json), "unmutated: " + e.GetType().Name);
        }
    }

    (byte[] Body, string Mutation) MutateDocument(string json, Func<JsonNode, bool>? within)
    {
        var root = JsonNode.Parse(json)!;
        var raws = new Dictionary<string, string>();
        var applied = new List<string>();
        var operations = 1 + (random.Next(4) == 0 ? random.Next(1, 3) : 0);
        for (var i = 0; i < operations; i++) applied.Add(MutateTree(root, raws, within));

        var text = new StringBuilder(root.ToJsonString());
        foreach (var (placeholder, raw) in raws) text.Replace(placeholder, raw);
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        if (random.Next(6) != 0) return (bytes, string.Join(" + ", applied));
        var (damaged, how) = Damage(bytes);
        return (damaged, string.Join(" + ", applied) + " + " + how);
    }

    string MutateTree(JsonNode root, Dictionary<string, string> raws, Func<JsonNode, bool>? within)
    {
        var nodes = Descendants(root).Where(n => n.Parent is not null && (within is null || within(n))).ToList();
        if (nodes.Count == 0) return "none";
        var node = nodes[random.Next(nodes.Count)];
        var path = node.GetPath();
        switch (random.Next(13))
        {
            case 0 or 1 or 2:
                var value = Hostile();
                Replace(node, value, raws);
                return $"type-swap {path}={value}";
            case 3:
                Remove(node);
                return $"delete {path}";
            case 4:
                Replace(node, node is JsonArray { Count: > 0 } a ? a[0]?.ToJsonString() ?? "null" : $"[{node.ToJsonString()}]", raws);
                return $"array-shape {path}";
            case 5:
                var depth = Depths[random.Next(Depths.Length)];
                Replace(node, Deep(depth), raws);
                return $"deep {depth} {path}";
            case 6:
                var length = Lengths[random.Next(Lengths.Length)];
                Replace(node, $"\"{HugeString(length)}\"", raws);
                return $"huge-string {length} {path}";
            case 7:
                var count = ElementCounts[random.Next(ElementCounts.Length)];
                Replace(node, "[" + string.Join(',', Enumerable.Repeat("0", count)) + "]", raws);
                return $"many {count} {path}";
            case 8 when node.Parent is JsonObject container:
                // JsonNode cannot hold a key twice: a placeholder property becomes the duplicate after serialisation.
                var key = $"__dup{raws.Count}__";
                container[key] = null;
                raws[$"\"{key}\":null"] = $"\"{node.GetPropertyName()}\":{Hostile()}";
                return $"duplicate-key {path}";
            case 9 when node.Parent is JsonArray array:
                array.Insert(random.Next(array.Count + 1), null);
                return $"null-in-array {path}";
            case 9:
                Replace(node, "null", raws);
                return $"null {path}";
            case 10 when node.Parent is JsonObject parent:
                var name = UnknownNames[random.Next(UnknownNames.Length)];
                var unknown = $"__unknown{raws.Count}__";
                parent[unknown] = null;
                raws[$"\"{unknown}\":null"] = $"\"{name}\":{Hostile()}";
                return $"unknown-element {path}.{name}";
            case 11 when root is JsonObject resource && resource["resourceType"] is { } type:
                var resourceType = ResourceTypes[random.Next(ResourceTypes.Length)];
                Replace(type, resourceType, raws);
                return $"resourceType={resourceType}";
            default:
                Replace(node, random.Next(2) == 0 ? $"[{node.ToJsonString()},{node.ToJsonString()}]" : "{\"extension\":[{\"url\":5}]}", raws);
                return $"reshape {path}";
        }
    }

    string Hostile() => HostileValues[random.Next(HostileValues.Length)];

    static readonly int[] Depths = [10, 63, 64, 65, 200, 1_000, 7_000, 20_000];
    static readonly int[] Lengths = [1_000, 65_536, 300_000, 900_000];
    static readonly int[] ElementCounts = [1_000, 20_000, 250_000];
    static readonly string[] UnknownNames = ["foo", "_status", "resourceType", "extension", "modifierExtension", "__proto__", "constructor", ""];
    static readonly string[] ResourceTypes = ["\"Patient\"", "\"Bundle\"", "\"Observation \"", "\"observation\"", "\"\"", "5", "null", "\"Observation\\u0000\"", "[\"Observation\"]", "\"DomainResource\"", "\"Binary\""];

    /// <summary>Nesting the way an attacker would send it to a FHIR parser: extensions in extensions, or bare arrays and objects.</summary>
    string Deep(int depth)
    {
        var (open, close) = random.Next(3) switch
        {
            0 => ("{\"url\":\"http://x\",\"extension\":[", "]}"),
            1 => ("[", "]"),
            _ => ("{\"a\":", "}"),
        };
        var inner = open.StartsWith('[') ? "0" : open.StartsWith("{\"url", StringComparison.Ordinal) ? "{\"url\":\"http://y\",\"valueString\":\"z\"}" : "0";
        var builder = new StringBuilder(depth * (open.Length + close.Length) + inner.Length);
        for (var i = 0; i < depth; i++) builder.Append(open);
        builder.Append(inner);
        for (var i = 0; i < depth; i++) builder.Append(close);
        return builder.ToString();
    }

    string HugeString(int length) => random.Next(3) switch
    {
        0 => new string('a', length),
        1 => string.Concat(Enumerable.Repeat("\\u0000", length / 6)),
        _ => string.Concat(Enumerable.Repeat("💉ção", length / 8)),
    };

    (byte[] Bytes, string How) Damage(byte[] bytes)
    {
        switch (random.Next(6))
        {
            case 0:
                var cut = random.Next(bytes.Length);
                return (bytes[..cut], $"truncated at {cut}");
            case 1:
                var flipped = (byte[])bytes.Clone();
                var flips = random.Next(1, 8);
                for (var i = 0; i < flips; i++) flipped[random.Next(flipped.Length)] = (byte)random.Next(256);
                return (flipped, $"{flips} bytes flipped");
            case 2:
                var at = random.Next(bytes.Length);
                return ([.. bytes[..at], 0xC3, 0x28, 0xFF, 0xFE, 0x00, .. bytes[at..]], $"invalid UTF-8 at {at}");
            case 3:
                return ([0xEF, 0xBB, 0xBF, .. bytes], "byte-order mark");
            case 4:
                return ([.. bytes, .. "}{\"x\":1} garbage"u8], "trailing garbage");
            default:
                return ([.. "  \r\n\t"u8, .. bytes, .. "\n\n"u8], "surrounding whitespace");
        }
    }

    /// <summary>Puts a placeholder where the node was; the raw text takes its place after serialisation.</summary>
    static void Replace(JsonNode node, string raw, Dictionary<string, string> raws)
    {
        var key = $"__raw{raws.Count}__";
        raws[$"\"{key}\""] = raw;
        var placeholder = JsonValue.Create(key);
        switch (node.Parent)
        {
            case JsonObject o:
                o[node.GetPropertyName()] = placeholder;
                break;
            case JsonArray a:
                a[node.GetElementIndex()] = placeholder;
                break;
        }
    }

    static void Remove(JsonNode node)
    {
        switch (node.Parent)
        {
            case JsonObject o:
                o.Remove(node.GetPropertyName());
                break;
            case JsonArray a:
                a.RemoveAt(node.GetElementIndex());
                break;
        }
    }

    static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>().ToList())
            foreach (var d in Descendants(child)) yield return d;
    }
}

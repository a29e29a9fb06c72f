using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Sentinela.Tests.Fuzz;

/// <summary>
/// Seeded mutations of a FHIR XML document: values of the wrong type, deleted, duplicated and unknown elements, deep
/// nesting, a huge attribute, DTDs with entity expansion or external entities, namespace and root changes, comments,
/// CDATA and processing instructions, then byte-level damage. Raw insertions go in through placeholders after
/// serialisation, like <see cref="JsonMutator"/>.
/// </summary>
public sealed class XmlMutator(Random random)
{
    static readonly XNamespace Fhir = "http://hl7.org/fhir";

    static readonly string[] HostileValues =
    [
        "92abc", "1e309", "-1e309", "NaN", "Infinity", "123456789012345678901234567890", "79228162514264337593543950336", "",
        " ", "true", "bogus", "2026-13-45T99:99:99Z", "0000-00-00", "💉🩸", "\u202eRTL", "a\tb", "urn:uuid:x", "#p", "-0",
        "<script>", "&amp;&lt;", "Patient/../../x",
    ];

    static readonly string[] Prologues =
    [
        "<!DOCTYPE Observation [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>",
        "<!DOCTYPE Observation [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>",
        "<!DOCTYPE Observation SYSTEM \"http://127.0.0.1:1/evil.dtd\">",
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
        "<?xml version=\"1.1\"?>",
        "<?xml-stylesheet href=\"x\"?>",
        "<!-- a comment first -->",
    ];

    public (byte[] Body, string Mutation) Mutate(string xml)
    {
        try
        {
            return MutateDocument(xml);
        }
        catch (Exception e) when (e is XmlException or InvalidOperationException)
        {
            // A mutation XLinq cannot write (a namespace clash) leaves the document as it was.
            return (Encoding.UTF8.GetBytes(xml), "unmutated: " + e.GetType().Name);
        }
    }

    (byte[] Body, string Mutation) MutateDocument(string xml)
    {
        var document = XDocument.Parse(xml);
        // Declarations are written again where needed; kept as attributes they clash with renamed elements.
        document.Root!.Attributes().Where(a => a.IsNamespaceDeclaration).Remove();
        var raws = new Dictionary<string, string>();
        var applied = new List<string>();
        var prologue = "";
        var operations = 1 + (random.Next(4) == 0 ? random.Next(1, 3) : 0);
        for (var i = 0; i < operations; i++)
        {
            if (random.Next(10) == 0)
            {
                prologue = Prologues[random.Next(Prologues.Length)];
                applied.Add("prologue " + prologue[..Math.Min(30, prologue.Length)]);
            }
            else
            {
                applied.Add(MutateTree(document, raws));
            }
        }

        var text = new StringBuilder(prologue + document.Root!.ToString(SaveOptions.DisableFormatting));
        foreach (var (placeholder, raw) in raws) text.Replace(placeholder, raw);
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        if (random.Next(6) != 0) return (bytes, string.Join(" + ", applied));
        var cut = random.Next(bytes.Length);
        if (random.Next(2) == 0) return (bytes[..cut], string.Join(" + ", applied) + $" + truncated at {cut}");
        var flipped = (byte[])bytes.Clone();
        for (var i = 0; i < 4; i++) flipped[random.Next(flipped.Length)] = (byte)random.Next(256);
        return (flipped, string.Join(" + ", applied) + " + bytes flipped");
    }

    string MutateTree(XDocument document, Dictionary<string, string> raws)
    {
        var elements = document.Root!.DescendantsAndSelf().ToList();
        var element = elements[random.Next(elements.Count)];
        var where = element.Name.LocalName;
        switch (random.Next(11))
        {
            case 0 or 1 or 2:
                var valued = elements.Where(e => e.Attribute("value") is not null).ToList();
                if (valued.Count == 0) goto default;
                var target = valued[random.Next(valued.Count)];
                var value = HostileValues[random.Next(HostileValues.Length)];
                target.SetAttributeValue("value", value);
                return $"value {target.Name.LocalName}={value}";
            case 3 when element.Parent is not null:
                element.Remove();
                return $"delete {where}";
            case 4 when element.Parent is not null:
                element.AddAfterSelf(new XElement(element));
                return $"duplicate {where}";
            case 5:
                var depth = Depths[random.Next(Depths.Length)];
                element.Add(Placeholder(raws, Deep(depth)));
                return $"deep {depth} in {where}";
            case 6:
                var length = Lengths[random.Next(Lengths.Length)];
                element.SetAttributeValue(random.Next(2) == 0 ? "value" : "foo", new string('a', length));
                return $"huge attribute {length} on {where}";
            case 7:
                element.Add(new XElement(Fhir + "foo", new XAttribute("value", "1")), new XAttribute("bar", "x"));
                return $"unknown element and attribute in {where}";
            case 8:
                element.Add(random.Next(3) switch
                {
                    0 => new XCData("<x>]]"),
                    1 => new XProcessingInstruction("evil", "x"),
                    _ => new XComment(" a comment "),
                });
                return $"node kinds in {where}";
            case 9:
                var count = ElementCounts[random.Next(ElementCounts.Length)];
                element.Add(Placeholder(raws, string.Concat(Enumerable.Repeat("<x/>", count))));
                return $"many {count} in {where}";
            case 10 when element.Parent is null:
                document.Root.Name = (random.Next(3) switch { 0 => Fhir + "Patient", 1 => XNamespace.None + "Observation", _ => Fhir + "Nope" });
                return $"root {document.Root.Name}";
            default:
                element.Name = random.Next(2) == 0 ? XNamespace.None + where : Fhir + (where + "x");
                return $"rename {where}";
        }
    }

    static readonly int[] Depths = [10, 63, 64, 65, 200, 1_000, 7_000, 20_000, 100_000];
    static readonly int[] Lengths = [1_000, 65_536, 300_000, 900_000];
    static readonly int[] ElementCounts = [1_000, 50_000, 210_000];

    string Deep(int depth)
    {
        var (open, close) = random.Next(2) == 0 ? ("<extension url=\"http://x\">", "</extension>") : ("<x>", "</x>");
        var builder = new StringBuilder(depth * (open.Length + close.Length));
        for (var i = 0; i < depth; i++) builder.Append(open);
        for (var i = 0; i < depth; i++) builder.Append(close);
        return builder.ToString();
    }

    static XComment Placeholder(Dictionary<string, string> raws, string raw)
    {
        var key = $"__raw{raws.Count}__";
        raws[$"<!--{key}-->"] = raw;
        return new XComment(key);
    }
}

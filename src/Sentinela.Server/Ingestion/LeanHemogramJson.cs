using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// Reads the JSON shapes laboratories send most — a hemogram Observation (components or one value, a contained Patient
/// and Organization) and batch, transaction or collection Bundles of them — straight into Firely's model, at a fraction
/// of the cost of Firely's validating deserialiser (its largest CPU item per hemogram; docs/BENCHMARKS.md). Hand-written
/// because that deserialiser has no cheaper strict mode. It takes only what it fully understands and what Firely takes
/// without an issue: every element known, each primitive checked with Firely's own validators, required elements
/// present, no nulls, empty arrays, duplicate names or primitive extensions. Anything else answers null and goes through
/// Firely, so behaviour never diverges (LeanHemogramJsonTests compares both on the corpus and the fuzz corpus).
/// </summary>
public static class LeanHemogramJson
{
    /// <summary>Tokens left to read in this thread's current body (each read is synchronous, on one thread).</summary>
    [ThreadStatic] static int _budget;

    /// <summary>
    /// The resource, or null when the body is not one of the shapes read here. It reads at most
    /// <paramref name="maxElements"/> tokens, so it reads nothing <see cref="FhirParser"/>'s pre-pass would refuse as too
    /// large (tokens include names and ends, which the pre-pass does not count); that pre-pass's other refusals (depth,
    /// broken strings, odd names) are shapes it does not read either.
    /// </summary>
    public static Resource? TryRead(ReadOnlySpan<byte> json, int maxDepth, int maxElements)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth + 1 });
        _budget = maxElements;
        try
        {
            Next(ref reader, JsonTokenType.StartObject);
            var type = ResourceType(ref reader);
            Resource resource = type switch
            {
                "Observation" => Observation(ref reader),
                "Bundle" => Bundle(ref reader),
                _ => throw new NotLean(),
            };
            return reader.Read() ? null : resource;
        }
        catch (Exception e) when (e is NotLean or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Not one of the shapes read here: Firely reads it.</summary>
    sealed class NotLean : Exception;

    static string ResourceType(ref Utf8JsonReader r)
    {
        // resourceType first, as every serialiser writes it; elsewhere is legal, and left to Firely.
        if (!Property(ref r, out _) || !r.ValueTextEquals("resourceType"u8)) throw new NotLean();
        Next(ref r, JsonTokenType.String);
        return r.GetString()!;
    }

    static Bundle Bundle(ref Utf8JsonReader r)
    {
        var bundle = new Bundle();
        var seen = 0;
        while (Property(ref r, out var name))
        {
            switch (name)
            {
                case "id": Once(ref seen, 1); bundle.Id = Id(ref r); break;
                case "type": Once(ref seen, 2); bundle.Type = Enum<Bundle.BundleType>(ref r); break;
                case "entry": Once(ref seen, 4); bundle.Entry = Array(ref r, Entry); break;
                case "identifier": Once(ref seen, 8); bundle.Identifier = Object(ref r, Identifier); break;
                case "timestamp": Once(ref seen, 16); bundle.TimestampElement = Instant(ref r); break;
                default: throw new NotLean();
            }
        }
        if (bundle.Type is not (Hl7.Fhir.Model.Bundle.BundleType.Batch or Hl7.Fhir.Model.Bundle.BundleType.Transaction or Hl7.Fhir.Model.Bundle.BundleType.Collection))
            throw new NotLean();
        return bundle;
    }

    static Bundle.EntryComponent Entry(ref Utf8JsonReader r)
    {
        var entry = new Bundle.EntryComponent();
        var seen = 0;
        while (Property(ref r, out var name))
        {
            switch (name)
            {
                case "fullUrl": Once(ref seen, 1); entry.FullUrl = Uri(ref r); break;
                case "resource":
                    Once(ref seen, 2);
                    Next(ref r, JsonTokenType.StartObject);
                    entry.Resource = ResourceType(ref r) == "Observation" ? Observation(ref r) : throw new NotLean();
                    break;
                case "request": Once(ref seen, 4); entry.Request = Object(ref r, Request); break;
                default: throw new NotLean();
            }
        }
        return entry.Resource is null ? throw new NotLean() : entry;
    }

    static Bundle.RequestComponent Request(ref Utf8JsonReader r)
    {
        var request = new Bundle.RequestComponent();
        var seen = 0;
        while (Property(ref r, out var name))
        {
            switch (name)
            {
                case "method": Once(ref seen, 1); request.Method = Enum<Bundle.HTTPVerb>(ref r); break;
                case "url": Once(ref seen, 2); request.Url = Uri(ref r); break;
                default: throw new NotLean();
            }
        }
        return request.Method is null || request.Url is null ? throw new NotLean() : request;
    }

    static Observation Observation(ref Utf8JsonReader r)
    {
        var observation = new Observation();
        var seen = 0;
        while (Property(ref r, out var name))
        {
            switch (name)
            {
                case "id": Once(ref seen, 1); observation.Id = Id(ref r); break;
                case "identifier": Once(ref seen, 2); observation.Identifier = Array(ref r, Identifier); break;
                case "status": Once(ref seen, 4); observation.Status = Enum<ObservationStatus>(ref r); break;
                case "category": Once(ref seen, 8); observation.Category = Array(ref r, CodeableConcept); break;
                case "code": Once(ref seen, 16); observation.Code = Object(ref r, CodeableConcept); break;
                case "subject": Once(ref seen, 32); observation.Subject = Object(ref r, Reference); break;
                case "effectiveDateTime": Once(ref seen, 64); observation.Effective = DateTime(ref r); break;
                case "performer": Once(ref seen, 128); observation.Performer = Array(ref r, Reference); break;
                case "valueQuantity": Once(ref seen, 256); observation.Value = Object(ref r, Quantity); break;
                case "specimen": Once(ref seen, 512); observation.Specimen = Object(ref r, Reference); break;
                case "component": Once(ref seen, 1024); observation.Component = Array(ref r, Component); break;
                case "contained": Once(ref seen, 2048); observation.Contained = Array(ref r, Contained); break;
                case "meta": Once(ref seen, 4096); observation.Meta = Object(ref r, Meta); break;
                case "issued": Once(ref seen, 8192); observation.IssuedElement = Instant(ref r); break;
                case "encounter": Once(ref seen, 16384); observation.Encounter = Object(ref r, Reference); break;
                default: throw new NotLean();
            }
        }
        // status and code are 1..1.
        return observation.Status is null || observation.Code is null ? throw new NotLean() : observation;
    }

    static Observation.ComponentComponent Component(ref Utf8JsonReader r)
    {
        var component = new Observation.ComponentComponent();
        var seen = 0;
        while (Property(ref r, out var name))
        {
            switch (name)
            {
                case "code": Once(ref seen, 1); component.Code = Object(ref r, CodeableConcept); break;
                case "valueQuantity": Once(ref seen, 2); component.Value = Object(ref r, Quantity); break;
                default: throw new NotLean();
            }
        }
        return component.Code is null ? throw new NotLean() : component;
    }

    static Resource Contained(ref Utf8JsonReader r) => ResourceType(ref r) switch
    {
        "Patient" => Patient(ref r),
        "Organization" => Organization(ref r),
        _ => throw new NotLean(),
    };

    static Patient Patient(ref Utf8JsonReader r)
    {
        var patient = new Patient();
        var seen = 0;
        while (Property(ref r, out var name))
        {
            switch (name)
            {
                case "id": Once(ref seen, 1); patient.Id = Id(ref r); break;
                case "gender": Once(ref seen, 2); patient.Gender = Enum<AdministrativeGender>(ref r); break;
                case "birthDate": Once(ref seen, 4); patient.BirthDate = Primitive(ref r, IsDate); break;
                case "address": Once(ref seen, 8); patient.Address = Array(ref r, Address); break;
                case "identifier": Once(ref seen, 16); patient.Identifier = Array(ref r, Identifier); break;
                default: throw new NotLean();
            }
        }
        return patient;
    }

    static Organization Organization(ref Utf8JsonReader r)
    {
        var organization = new Organization();
        var seen = 0;
        while (Property(ref r, out var name))
        {
            switch (name)
            {
                case "id": Once(ref seen, 1); organization.Id = Id(ref r); break;
                case "identifier": Once(ref seen, 2); organization.Identifier = Array(ref r, Identifier); break;
                case "name": Once(ref seen, 4); organization.Name = String(ref r); break;
                case "address": Once(ref seen, 8); organization.Address = Array(ref r, Address); break;
                default: throw new NotLean();
            }
        }
        return organization;
    }

    static Address Address(ref Utf8JsonReader r)
    {
        var address = new Address();
        var seen = 0;
        while (Property(ref r, out var name))
        {
            switch (name)
            {
                case "extension": Once(ref seen, 1); address.Extension = Array(ref r, Extension); break;
                case "city": Once(ref seen, 2); address.City = String(ref r); break;
                case "district": Once(ref seen, 4); address.District = String(ref r); break;
                case "state": Once(ref seen, 8); address.State = String(ref r); break;
                case "postalCode": Once(ref seen, 16); address.PostalCode = String(ref r); break;
                case "country": Once(ref seen, 32); address.Country = String(ref r); break;
                case "line": Once(ref seen, 64); address.Line = Strings(ref r, IsString); break;
                default: throw new NotLean();
            }
        }
        return seen == 0 ? throw new NotLean() : address;
    }

    static Extension Extension(ref Utf8JsonReader r)
    {
        var extension = new Extension();
        var seen = 0;
        while (Property(ref r, out var name))
        {
            switch (name)
            {
                case "url": Once(ref seen, 1); extension.Url = Uri(ref r); break;
                case "extension": Once(ref seen, 2); extension.Extension = Array(ref r, Extension); break;
                case "valueCodeableConcept": Once(ref seen, 4); extension.Value = Object(ref r, CodeableConcept); break;
                case "valueDecimal": Once(ref seen, 4); extension.Value = new FhirDecimal(Decimal(ref r)); break;
                case "valueString": Once(ref seen, 4); extension.Value = new FhirString(String(ref r)); break;
                default: throw new NotLean();
            }
        }
        // url is 1..1; an extension has a value or extensions, not both (ext-1).
        return extension.Url is null || ((seen & 2) != 0) == ((seen & 4) != 0) ? throw new NotLean() : extension;
    }

    static CodeableConcept CodeableConcept(ref Utf8JsonReader r)
    {
        var concept = new CodeableConcept();
        var seen = 0;
        while (Property(ref r, out var name))
        {
            switch (name)
            {
                case "coding": Once(ref seen, 1); concept.Coding = Array(ref r, Coding); break;
                case "text": Once(ref seen, 2); concept.Text = String(ref r); break;
                default: throw new NotLean();
            }
        }
        return seen == 0 ? throw new NotLean() : concept;
    }

    static Coding Coding(ref Utf8JsonReader r)
    {
        var coding = new Coding();
        var seen = 0;
        while (Property(ref r, out var name))
        {
            switch (name)
            {
                case "system": Once(ref seen, 1); coding.System = Uri(ref r); break;
                case "code": Once(ref seen, 2); coding.Code = Code(ref r); break;
                case "display": Once(ref seen, 4); coding.Display = String(ref r); break;
                default: throw new NotLean();
            }
        }
        return seen == 0 ? throw new NotLean() : coding;
    }

    static Identifier Identifier(ref Utf8JsonReader r)
    {
        var identifier = new Identifier();
        var seen = 0;
        while (Property(ref r, out var name))
        {
            switch (name)
            {
                case "system": Once(ref seen, 1); identifier.System = Uri(ref r); break;
                case "value": Once(ref seen, 2); identifier.Value = String(ref r); break;
                default: throw new NotLean();
            }
        }
        return seen == 0 ? throw new NotLean() : identifier;
    }

    static ResourceReference Reference(ref Utf8JsonReader r)
    {
        var reference = new ResourceReference();
        var seen = 0;
        while (Property(ref r, out var name))
        {
            switch (name)
            {
                case "reference": Once(ref seen, 1); reference.Reference = String(ref r); break;
                case "display": Once(ref seen, 2); reference.Display = String(ref r); break;
                case "identifier": Once(ref seen, 4); reference.Identifier = Object(ref r, Identifier); break;
                default: throw new NotLean();
            }
        }
        return seen == 0 ? throw new NotLean() : reference;
    }

    static Meta Meta(ref Utf8JsonReader r)
    {
        var meta = new Meta();
        var seen = 0;
        while (Property(ref r, out var name))
        {
            switch (name)
            {
                case "profile": Once(ref seen, 1); meta.Profile = Strings(ref r, IsCanonical); break;
                default: throw new NotLean();
            }
        }
        return seen == 0 ? throw new NotLean() : meta;
    }

    static Quantity Quantity(ref Utf8JsonReader r)
    {
        var quantity = new Quantity();
        var seen = 0;
        while (Property(ref r, out var name))
        {
            switch (name)
            {
                case "value": Once(ref seen, 1); quantity.Value = Decimal(ref r); break;
                case "unit": Once(ref seen, 2); quantity.Unit = String(ref r); break;
                case "system": Once(ref seen, 4); quantity.System = Uri(ref r); break;
                case "code": Once(ref seen, 8); quantity.Code = Code(ref r); break;
                default: throw new NotLean();
            }
        }
        return seen == 0 ? throw new NotLean() : quantity;
    }

    delegate T ReadValue<out T>(ref Utf8JsonReader r);

    static T Object<T>(ref Utf8JsonReader r, ReadValue<T> read)
    {
        Next(ref r, JsonTokenType.StartObject);
        return read(ref r);
    }

    static List<T> Array<T>(ref Utf8JsonReader r, ReadValue<T> read)
    {
        Next(ref r, JsonTokenType.StartArray);
        var items = new List<T>();
        while (Read(ref r) && r.TokenType == JsonTokenType.StartObject) items.Add(read(ref r));
        return r.TokenType == JsonTokenType.EndArray && items.Count > 0 ? items : throw new NotLean();
    }

    static List<string> Strings(ref Utf8JsonReader r, Rule rule)
    {
        Next(ref r, JsonTokenType.StartArray);
        var items = new List<string>();
        while (Read(ref r) && r.TokenType == JsonTokenType.String) items.Add(Checked(r.GetString()!, rule));
        return r.TokenType == JsonTokenType.EndArray && items.Count > 0 ? items : throw new NotLean();
    }

    /// <summary>Moves to the next property of the current object; false at its end.</summary>
    static bool Property(ref Utf8JsonReader r, out string name)
    {
        if (!Read(ref r)) throw new NotLean();
        if (r.TokenType == JsonTokenType.EndObject)
        {
            name = "";
            return false;
        }
        if (r.TokenType != JsonTokenType.PropertyName) throw new NotLean();
        name = r.ValueIsEscaped || r.HasValueSequence || Known(r.ValueSpan) is not { } known ? r.GetString()! : known;
        return true;
    }

    /// <summary>Every property name read here, by length: a name is matched to its constant without allocating a string.</summary>
    static readonly (byte[] Utf8, string Name)[][] NamesByLength = BuildNames(
        "resourceType", "id", "type", "entry", "identifier", "timestamp", "fullUrl", "resource", "request", "method", "url", "status", "category", "code",
        "subject", "effectiveDateTime", "performer", "valueQuantity", "specimen", "component", "contained", "meta", "issued", "encounter",
        "gender", "birthDate", "address", "name", "extension", "city", "district", "state", "postalCode", "country", "line",
        "valueCodeableConcept", "valueDecimal", "valueString", "coding", "text", "system", "display", "reference", "profile", "value", "unit");

    static (byte[], string)[][] BuildNames(params string[] names)
    {
        var byLength = new (byte[], string)[names.Max(n => n.Length) + 1][];
        foreach (var group in names.GroupBy(n => n.Length))
            byLength[group.Key] = group.Select(n => (System.Text.Encoding.UTF8.GetBytes(n), n)).ToArray();
        return byLength;
    }

    static string? Known(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length >= NamesByLength.Length || NamesByLength[utf8.Length] is not { } candidates) return null;
        foreach (var (bytes, name) in candidates)
            if (utf8.SequenceEqual(bytes)) return name;
        return null;
    }

    static void Once(ref int seen, int bit)
    {
        if ((seen & bit) != 0) throw new NotLean();
        seen |= bit;
    }

    static void Next(ref Utf8JsonReader r, JsonTokenType expected)
    {
        if (!Read(ref r) || r.TokenType != expected) throw new NotLean();
    }

    static bool Read(ref Utf8JsonReader r) => --_budget >= 0 ? r.Read() : throw new NotLean();

    static string Primitive(ref Utf8JsonReader r, Rule rule)
    {
        Next(ref r, JsonTokenType.String);
        return Checked(r.GetString()!, rule);
    }

    static string Checked(string value, Rule rule)
    {
        // Leading or trailing whitespace, or control characters, are left to Firely's judgement.
        if (value.Length == 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]) || value.AsSpan().ContainsAny(ControlCharacters)
            || !rule.Allows(value))
            throw new NotLean();
        return value;
    }

    static readonly System.Buffers.SearchValues<char> ControlCharacters =
        System.Buffers.SearchValues.Create([.. Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7f, 0x21)).Select(c => (char)c)]);

    /// <summary>
    /// One of Firely's primitive validators, with its verdicts on values already seen: systems, codes, units and displays
    /// repeat in every hemogram, and the validators run regular expressions. Bounded, so values that never repeat
    /// (identifiers) cannot grow it; rules whose values are times, which almost never repeat, keep no verdicts at all
    /// (filling the cache with them cost more, in locks and allocations, than it saved).
    /// </summary>
    sealed class Rule(Func<string, bool> valid, bool remember = true)
    {
        const int MaxVerdicts = 4096;
        readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _verdicts = new(StringComparer.Ordinal);
        int _count;

        public bool Allows(string value)
        {
            if (!remember) return valid(value);
            if (_verdicts.TryGetValue(value, out var verdict)) return verdict;
            verdict = valid(value);
            // ConcurrentDictionary.Count takes every lock: counted here instead (a few over the bound is harmless).
            if (Volatile.Read(ref _count) < MaxVerdicts && _verdicts.TryAdd(value, verdict)) Interlocked.Increment(ref _count);
            return verdict;
        }
    }

    static readonly Rule IsString = new(FhirString.IsValidValue), IsUri = new(FhirUri.IsValidValue), IsCode = new(Hl7.Fhir.Model.Code.IsValidValue),
        IsId = new(Hl7.Fhir.Model.Id.IsValidValue), IsDate = new(Date.IsValidValue), IsDateTime = new(FhirDateTime.IsValidValue, remember: false),
        IsInstant = new(Hl7.Fhir.Model.Instant.IsValidValue, remember: false), IsCanonical = new(Canonical.IsValidValue);

    static string String(ref Utf8JsonReader r) => Primitive(ref r, IsString);

    static string Uri(ref Utf8JsonReader r) => Primitive(ref r, IsUri);

    static string Code(ref Utf8JsonReader r) => Primitive(ref r, IsCode);

    static string Id(ref Utf8JsonReader r) => Primitive(ref r, IsId);

    /// <summary>Firely keeps an instant as the text it was given, and so does this.</summary>
    static Instant Instant(ref Utf8JsonReader r) => new() { JsonValue = Primitive(ref r, IsInstant) };

    static FhirDateTime DateTime(ref Utf8JsonReader r) => new(Primitive(ref r, IsDateTime));

    static T Enum<T>(ref Utf8JsonReader r) where T : struct, Enum =>
        EnumUtility.ParseLiteral<T>(Primitive(ref r, IsCode)) is { } value ? value : throw new NotLean();

    /// <summary>A plain JSON number (digits, an optional sign and fraction, no exponent) that fits a decimal.</summary>
    static decimal Decimal(ref Utf8JsonReader r)
    {
        Next(ref r, JsonTokenType.Number);
        var raw = r.ValueSpan;
        if (r.ValueIsEscaped || raw.Length > 28 || raw.IndexOfAny("eE"u8) >= 0 || !r.TryGetDecimal(out var value)) throw new NotLean();
        return value;
    }
}

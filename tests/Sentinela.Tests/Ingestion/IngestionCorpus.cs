using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Ingestion;
using Sentinela.Server.Storage;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Ingestion;

/// <summary>
/// The checked-in corpus (Ingestion/Corpus/corpus.json): payloads shaped like SES-GO, RNDS, Synthea/US Core, HAPI, IBM
/// FHIR, European lab IG and Brazilian LIS exports, in the order they are posted, each with the outcome Sentinela must
/// give. A client (raw HTTP, or Firely's FhirClient) posts a step; <see cref="Check"/> compares what it saw and what the
/// store now holds with the step's expectations.
/// </summary>
public static partial class IngestionCorpus
{
    public sealed record Lab(string Cnes, int Municipality);

    public sealed record Step(
        string File, string Post, int Status, string Shape, int Created = 0, string? Source = null, int? Municipality = null, int? Version = null,
        string? HemogramStatus = null, double? Platelets = null, double? Hemoglobin = null, double? Leukocytes = null, string[]? Absent = null,
        string? Issue = null, string[]? EntryStatuses = null, string? ContentType = null, string? Accept = null, string? ResponseType = null, bool Raw = false)
    {
        public string Path => System.IO.Path.Combine(Folder, File);
        public bool IsXml => File.EndsWith(".xml", StringComparison.Ordinal);
        public override string ToString() => $"{File} ({Shape})";
    }

    public sealed record Manifest(string Description, Lab RegisteredLab, Lab SubmittingLab, IReadOnlyList<Step> Steps);

    /// <summary>What a client saw: the status, where the hemogram is (a Location), what the answer said (issues) and in which format.</summary>
    public sealed record Seen(int Status, string? Location, IReadOnlyList<string> Issues, string? MediaType, IReadOnlyList<string> EntryStatuses);

    public static string Folder { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Ingestion", "Corpus");

    public static Manifest Load() =>
        JsonSerializer.Deserialize<Manifest>(File.ReadAllBytes(System.IO.Path.Combine(Folder, "corpus.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    /// <summary>
    /// Registers the corpus's laboratories on this server as an administrator would (POST /api/labs): the one the
    /// performers name by CNES, and the submitting one, whose API key is returned.
    /// </summary>
    public static async Task<string> RegisterLabsAsync(HttpClient admin, Manifest corpus)
    {
        (await admin.PostAsJsonAsync("/api/labs", new { name = "Laboratório Central de Goiânia", cnes = corpus.RegisteredLab.Cnes, municipalityCode = corpus.RegisteredLab.Municipality }))
            .EnsureSuccessStatusCode();
        var submitting = await admin.PostAsJsonAsync("/api/labs", new { name = "Laboratório de Anápolis", cnes = corpus.SubmittingLab.Cnes, municipalityCode = corpus.SubmittingLab.Municipality });
        submitting.EnsureSuccessStatusCode();
        return (await submitting.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetProperty("key").GetString()!;
    }

    /// <summary>Everything about a step that did not turn out as expected; empty when it did.</summary>
    public static async Task<List<string>> CheckAsync(Step step, Seen seen, long storedBefore, IServiceProvider services)
    {
        var wrong = new List<string>();
        var store = services.GetRequiredService<IHemogramStore>();
        if (seen.Status != step.Status) wrong.Add($"status {seen.Status}, expected {step.Status} ({string.Join(" | ", seen.Issues)})");
        var created = await store.CountAsync(default) - storedBefore;
        if (created != step.Created) wrong.Add($"{created} new hemograms, expected {step.Created}");
        if (step.Issue is { } issue && !seen.Issues.Any(i => i.Contains(issue, StringComparison.OrdinalIgnoreCase)))
            wrong.Add($"no issue mentions '{issue}': {string.Join(" | ", seen.Issues)}");
        // A FHIR client reads the answer in the format it asked for itself (no media type seen).
        if (step.ResponseType is { } type && seen.MediaType is not null && seen.MediaType != type) wrong.Add($"answered in {seen.MediaType}, expected {type}");
        if (step.EntryStatuses is { } statuses && !statuses.SequenceEqual(seen.EntryStatuses.Take(statuses.Length).Select(s => s[..3])))
            wrong.Add($"entry statuses {string.Join(",", seen.EntryStatuses)}, expected {string.Join(",", statuses)}");

        var expectsHemogram = step.Source is not null || step.HemogramStatus is not null || step.Municipality is not null || step.Version is not null
            || step.Platelets is not null || step.Hemoglobin is not null || step.Leukocytes is not null || step.Absent is not null;
        if (!expectsHemogram) return wrong;
        if (seen.Location is null || HemogramId().Match(seen.Location) is not { Success: true } id)
        {
            wrong.Add($"no Location naming the hemogram (got '{seen.Location}')");
            return wrong;
        }
        var found = await store.GetAsync([Guid.Parse(id.Groups[1].Value)], default);
        if (found.Count == 0)
        {
            wrong.Add($"{seen.Location} is not stored");
            return wrong;
        }
        var h = found[0];
        Expect(wrong, "location source", step.Source, HemogramObservation.SourceCode(h.LocationSource));
        Expect(wrong, "municipality", step.Municipality, h.MunicipalityCode);
        Expect(wrong, "version", step.Version, h.Version);
        Expect(wrong, "status", step.HemogramStatus, h.Status.ToString().ToLowerInvariant());
        Close(wrong, "platelets", step.Platelets, h.ValueOf(HemogramParameter.Platelets));
        Close(wrong, "hemoglobin", step.Hemoglobin, h.ValueOf(HemogramParameter.Hemoglobin));
        Close(wrong, "leukocytes", step.Leukocytes, h.ValueOf(HemogramParameter.Leukocytes));
        if (step.Absent is { } absent)
        {
            var reported = HemogramParameters.All.Where(p => (h.AbsentMask & (1u << (int)p)) != 0).Select(p => p.ApiName()).Order();
            if (!absent.Order().SequenceEqual(reported)) wrong.Add($"absent {string.Join(",", reported)}, expected {string.Join(",", absent)}");
        }
        return wrong;
    }

    static void Expect<T>(List<string> wrong, string what, T? expected, T actual)
    {
        if (expected is not null && !EqualityComparer<T>.Default.Equals(expected, actual)) wrong.Add($"{what} {actual}, expected {expected}");
    }

    static void Expect(List<string> wrong, string what, int? expected, int actual)
    {
        if (expected is { } e && e != actual) wrong.Add($"{what} {actual}, expected {e}");
    }

    static void Close(List<string> wrong, string what, double? expected, double? actual)
    {
        if (expected is { } e && (actual is not { } a || Math.Abs(a - e) > Math.Max(0.05, Math.Abs(e) * 0.005))) wrong.Add($"{what} {actual}, expected {e}");
    }

    [GeneratedRegex("Observation/([0-9a-fA-F-]{36})")]
    private static partial Regex HemogramId();
}

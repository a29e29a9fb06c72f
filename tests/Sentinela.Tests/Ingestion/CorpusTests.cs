using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server.Storage;
using Sentinela.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sentinela.Tests.Ingestion;

/// <summary>
/// The export-shaped corpus (<see cref="IngestionCorpus"/>) posted to a server on real sockets, in order, as a laboratory
/// would: once over plain HTTP with the exact bytes and media types, once through Firely's FhirClient (a FHIR client
/// Sentinela does not control the requests of), in JSON and in XML. Every step must give its expected outcome, and
/// every stored hemogram must read back to the laboratory that sent it.
/// </summary>
public sealed class CorpusTests(ITestOutputHelper output)
{
    [Fact]
    public async System.Threading.Tasks.Task Every_corpus_payload_gets_its_expected_outcome_over_http()
    {
        var corpus = IngestionCorpus.Load();
        Assert.True(corpus.Steps.Count >= 40, $"the corpus has {corpus.Steps.Count} payloads");
        await using var server = new RealtimeServer();
        using var lab = new HttpClient { BaseAddress = server.BaseAddress };
        lab.DefaultRequestHeaders.Add("X-Api-Key", await IngestionCorpus.RegisterLabsAsync(server.Http, corpus));
        var store = server.Factory.Services.GetRequiredService<IHemogramStore>();

        var failures = new List<string>();
        var timings = new List<double>();
        foreach (var step in corpus.Steps)
        {
            var before = await store.CountAsync(default);
            using var request = new HttpRequestMessage(HttpMethod.Post, step.Post) { Content = new ByteArrayContent(await File.ReadAllBytesAsync(step.Path)) };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(step.ContentType ?? (step.IsXml ? "application/fhir+xml" : "application/fhir+json"));
            if (step.Accept is { } accept) request.Headers.Accept.ParseAdd(accept);
            var clock = Stopwatch.StartNew();
            using var response = await lab.SendAsync(request);
            timings.Add(clock.Elapsed.TotalMilliseconds);
            var seen = await SeenAsync(response);
            var wrong = await IngestionCorpus.CheckAsync(step, seen, before, server.Factory.Services);
            // What a laboratory stored, it reads back (the Location it was given).
            if (seen.Location is { } location && (int)response.StatusCode < 300)
            {
                var readBack = await lab.GetAsync(location.StartsWith('/') ? location : "/fhir/" + location);
                if (readBack.StatusCode != HttpStatusCode.OK) wrong.Add($"reading back {location}: {(int)readBack.StatusCode}");
            }
            failures.AddRange(wrong.Select(w => $"{step}: {w}"));
        }
        output.WriteLine($"{corpus.Steps.Count} payloads; per request p50 {Percentile(timings, 0.5):F1} ms, max {timings.Max():F1} ms");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData(ResourceFormat.Json)]
    [InlineData(ResourceFormat.Xml)]
    public async System.Threading.Tasks.Task Every_corpus_payload_gets_its_expected_outcome_through_Firely_FhirClient(ResourceFormat format)
    {
        var corpus = IngestionCorpus.Load();
        await using var server = new RealtimeServer();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Api-Key", await IngestionCorpus.RegisterLabsAsync(server.Http, corpus));
        var endpoint = new Uri(server.BaseAddress, "/fhir/");
        using var client = new FhirClient(endpoint, http, new FhirClientSettings { PreferredFormat = format, VerifyFhirVersion = true });
        var store = server.Factory.Services.GetRequiredService<IHemogramStore>();

        var failures = new List<string>();
        var steps = corpus.Steps.Where(s => !s.Raw).ToList();
        foreach (var step in steps)
        {
            var resource = Read(step);
            var before = await store.CountAsync(default);
            IngestionCorpus.Seen seen;
            try
            {
                var answer = step.Post switch
                {
                    "/fhir" => await client.TransactionAsync((Bundle)resource),
                    _ => await client.CreateAsync(resource),
                };
                seen = new IngestionCorpus.Seen(int.Parse(client.LastResult!.Status[..3]), client.LastResult.Location ?? (answer as Bundle)?.Entry.Select(e => e.Response?.Location).FirstOrDefault(l => l is not null),
                    [], null, (answer as Bundle)?.Entry.Select(e => e.Response?.Status ?? "").ToList() ?? []);
            }
            catch (FhirOperationException e)
            {
                seen = new IngestionCorpus.Seen((int)e.Status, null, e.Outcome?.Issue.Select(Describe).ToList() ?? [], null, []);
            }
            var wrong = await IngestionCorpus.CheckAsync(step, seen, before, server.Factory.Services);
            if (seen.Location is { } location && seen.Status < 300)
            {
                var readBack = await client.ReadAsync<Observation>(new Uri(endpoint, location.TrimStart('/').Replace("fhir/", "")));
                if (readBack?.Meta?.VersionId is null) wrong.Add($"reading back {location} gave no version");
            }
            failures.AddRange(wrong.Select(w => $"{step}: {w}"));
        }
        output.WriteLine($"{steps.Count} payloads through FhirClient in {format}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// fhir-kit-client (npm), a FHIR client nobody here wrote and that shares no code with Firely, posts every JSON step
    /// the way a Node.js integration would (create, transaction) and reads back what it created.
    /// </summary>
    [Fact]
    public async System.Threading.Tasks.Task Every_json_corpus_payload_gets_its_expected_outcome_through_npm_fhir_kit_client()
    {
        var corpus = IngestionCorpus.Load();
        await using var server = new RealtimeServer();
        var script = ReferenceData.FindUp("tests/js/post-fhir.mjs") ?? throw new FileNotFoundException("tests/js/post-fhir.mjs");
        var start = new ProcessStartInfo("node", [script, new Uri(server.BaseAddress, "/fhir").ToString()])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["SENTINELA_API_KEY"] = await IngestionCorpus.RegisterLabsAsync(server.Http, corpus);
        using var node = Process.Start(start)!;
        var store = server.Factory.Services.GetRequiredService<IHemogramStore>();

        var failures = new List<string>();
        var steps = corpus.Steps.Where(s => !s.Raw && !s.IsXml).ToList();
        foreach (var step in steps)
        {
            var before = await store.CountAsync(default);
            await node.StandardInput.WriteLineAsync(JsonSerializer.Serialize(new { file = step.Path, post = step.Post }));
            await node.StandardInput.FlushAsync();
            var line = await node.StandardOutput.ReadLineAsync();
            if (line is null) Assert.Fail($"node stopped at {step}: {await node.StandardError.ReadToEndAsync()}");
            var answer = JsonSerializer.Deserialize<KitAnswer>(line, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
            var seen = new IngestionCorpus.Seen(answer.Status, answer.Location, answer.Issues, null, answer.EntryStatuses);
            var wrong = await IngestionCorpus.CheckAsync(step, seen, before, server.Factory.Services);
            if (answer.Location is not null && answer.Status < 300 && answer.ReadBack is not ("Observation" or "DiagnosticReport"))
                wrong.Add($"reading back {answer.Location} gave {answer.ReadBack}");
            failures.AddRange(wrong.Select(w => $"{step}: {w}"));
        }
        node.StandardInput.Close();
        await node.WaitForExitAsync();
        output.WriteLine($"{steps.Count} JSON payloads through fhir-kit-client");
        Assert.True(steps.Count >= 40, $"only {steps.Count} JSON payloads");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    sealed record KitAnswer(int Status, string? Location, List<string> Issues, List<string> EntryStatuses, string? ReadBack);

    static readonly FhirJsonDeserializer Json = new(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));
    static readonly FhirXmlDeserializer Xml = new(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));

    /// <summary>Leniently: a payload the server must refuse (no status) still reaches it.</summary>
    static Resource Read(IngestionCorpus.Step step)
    {
        var text = File.ReadAllText(step.Path);
        return step.IsXml ? Xml.DeserializeResource(text) : Json.DeserializeResource(text);
    }

    static async Task<IngestionCorpus.Seen> SeenAsync(HttpResponseMessage response)
    {
        var media = response.Content.Headers.ContentType?.MediaType;
        var body = await response.Content.ReadAsByteArrayAsync();
        Resource? resource = body.Length == 0 ? null
            : media == "application/fhir+xml" ? Xml.DeserializeResource(Encoding.UTF8.GetString(body))
            : FhirBodies.Read(body);
        var location = response.Headers.Location?.ToString()
            ?? (resource as Bundle)?.Entry.Select(e => e.Response?.Location).FirstOrDefault(l => l is not null);
        var issues = resource switch
        {
            OperationOutcome o => o.Issue.Select(Describe).ToList(),
            Bundle b => b.Entry.SelectMany(e => e.Response?.Outcome is OperationOutcome o ? o.Issue.Select(Describe) : []).ToList(),
            _ => [],
        };
        return new((int)response.StatusCode, location, issues, media, (resource as Bundle)?.Entry.Select(e => e.Response?.Status ?? "").ToList() ?? []);
    }

    static string Describe(OperationOutcome.IssueComponent i) =>
        $"{Hl7.Fhir.Utility.EnumUtility.GetLiteral(i.Code)} {string.Join(",", i.Expression)} {i.Diagnostics}";

    static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
    }
}

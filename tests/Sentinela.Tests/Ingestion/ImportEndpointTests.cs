using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Sentinela.Server;
using Sentinela.Server.Alerts;
using Sentinela.Tests.Infrastructure;
using static Sentinela.Tests.Ingestion.ImportRequests;

namespace Sentinela.Tests.Ingestion;

/// <summary>Bulk backfill over HTTP: <c>POST /fhir/$import</c>, its status URL and cancellation (Ingestion/BulkImportEndpoints.cs).</summary>
public sealed class ImportEndpointTests : ServerTest
{

    static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest)) gzip.Write(Encoding.UTF8.GetBytes(text));
        return buffer.ToArray();
    }

    async Task<HttpClient> LabAsync(string? key = null)
    {
        var lab = Factory.CreateAnonymousClient();
        lab.DefaultRequestHeaders.Add("X-Api-Key", key ?? await Factory.LabKeyAsync());
        return lab;
    }

    async Task<string> OtherLabKeyAsync()
    {
        var created = await Http.PostAsJsonAsync("/api/labs", new { name = "Outro laboratório" });
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetProperty("key").GetString()!;
    }

    static (long Stored, long Duplicates, long Refused) Counts(JsonElement outcome) =>
        (outcome.GetProperty("stored").GetInt64(), outcome.GetProperty("duplicates").GetInt64(), outcome.GetProperty("refused").GetInt64());

    [Fact]
    public async System.Threading.Tasks.Task An_import_is_accepted_polled_and_reports_what_it_stored_and_refused_and_a_second_import_stores_nothing_new()
    {
        var history = ImportTests.History(600, DateTimeOffset.UtcNow.AddDays(-40), out var expected);
        using var lab = await LabAsync();

        var status = await StartAsync(lab, Ndjson(history));
        Assert.StartsWith("/fhir/$import-status/", status);
        var first = await OutcomeAsync(lab, status);

        Assert.Equal("completed", first.GetProperty("status").GetString());
        Assert.Equal((expected, 5L, 2L), Counts(first));
        var refusals = first.GetProperty("refusals").EnumerateArray().ToList();
        Assert.Equal([608L, 609L], refusals.Select(r => r.GetProperty("line").GetInt64()));
        // Each refused line carries the OperationOutcome a single POST of it would have answered.
        var outcome = Assert.IsType<OperationOutcome>(FhirBodies.Read(Encoding.UTF8.GetBytes(refusals[0].GetProperty("outcome").GetRawText())));
        var single = await lab.PostAsync("/fhir/Observation", Observations.Content("{ not json"));
        var answered = Assert.IsType<OperationOutcome>(FhirBodies.Read(await single.Content.ReadAsByteArrayAsync()));
        Assert.Equal(answered.Issue.Select(i => (i.Code, i.Diagnostics)), outcome.Issue.Select(i => (i.Code, i.Diagnostics)));
        Assert.Equal(expected, await StoredCount());

        // Gzip is recognised by its magic bytes; the same history again is all duplicates.
        var second = await OutcomeAsync(lab, await StartAsync(lab, Ndjson(Gzip(history))));
        Assert.Equal((0L, expected + 5L, 2L), Counts(second));
        Assert.Equal(expected, await StoredCount());
    }

    [Fact]
    public async System.Threading.Tasks.Task Malformed_lines_are_refused_one_by_one_and_malformed_requests_are_refused_whole()
    {
        using var lab = await LabAsync();
        var lines = "{ not json\n[1,2]\n{\"resourceType\": \"Observation\", \"status\": 7}\n" + new string('x', 2 * 1024 * 1024) + "\n"
            + Observations.Json(Observations.Hemogram(identifier: "fine-1", collectedAt: DateTimeOffset.UtcNow.AddDays(-2))) + "\n";
        var outcome = await OutcomeAsync(lab, await StartAsync(lab, Ndjson(lines)));
        Assert.Equal((1L, 0L, 4L), Counts(outcome));
        Assert.Equal([1L, 2L, 3L, 4L], outcome.GetProperty("refusals").EnumerateArray().Select(r => r.GetProperty("line").GetInt64()));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await lab.PostAsync("/fhir/$import", Ndjson(Encoding.UTF8.GetBytes(lines), "application/fhir+json"))).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await lab.PostAsync("/fhir/$import", new ByteArrayContent(Encoding.UTF8.GetBytes(lines)))).StatusCode);
        var empty = await lab.PostAsync("/fhir/$import", Ndjson(""));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.IsType<OperationOutcome>(FhirBodies.Read(await empty.Content.ReadAsByteArrayAsync()));
        Assert.Equal(1, await StoredCount());
    }

    [Fact]
    public async System.Threading.Tasks.Task An_import_over_the_size_limit_is_refused_before_anything_is_stored()
    {
        var small = new SentinelaFactory(new() { ["Sentinela:Ingestion:MaxImportBytes"] = "4096" });
        try
        {
            using var lab = small.CreateAnonymousClient();
            lab.DefaultRequestHeaders.Add("X-Api-Key", await small.LabKeyAsync());
            var body = string.Join('\n', Enumerable.Range(0, 10).Select(i => Observations.Json(Observations.Hemogram(identifier: $"big-{i}"))));
            var declared = await lab.PostAsync("/fhir/$import", Ndjson(body));
            // Chunked: no Content-Length to check up front, so the limit stops the copy.
            var chunked = await lab.PostAsync("/fhir/$import", new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/x-ndjson") },
            });

            Assert.Equal((HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.RequestEntityTooLarge), (declared.StatusCode, chunked.StatusCode));
            Assert.Equal(OperationOutcome.IssueType.TooLong, Assert.IsType<OperationOutcome>(FhirBodies.Read(await chunked.Content.ReadAsByteArrayAsync())).Issue[0].Code);
            // The refused uploads left no job behind: the laboratory may import at once.
            Assert.Equal(HttpStatusCode.Accepted, (await lab.PostAsync("/fhir/$import", Ndjson(Observations.Json(Observations.Hemogram(identifier: "small-1"))))).StatusCode);
        }
        finally
        {
            await small.DisposeAndDeleteAsync();
        }
    }

    [Fact]
    public async System.Threading.Tasks.Task Only_a_laboratory_imports_and_only_it_or_an_administrator_reads_its_status()
    {
        var body = Ndjson(Observations.Json(Observations.Hemogram(identifier: "mine-1")));
        using var anonymous = Factory.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/fhir/$import", body)).StatusCode);
        using var manager = Factory.CreateAnonymousClient();
        manager.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Factory.TokenFor());
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsync("/fhir/$import", body)).StatusCode);

        using var lab = await LabAsync();
        var status = await StartAsync(lab, body);
        await OutcomeAsync(lab, status);
        using var other = await LabAsync(await OtherLabKeyAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(status)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync(status)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(status)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync(status)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lab.GetAsync("/fhir/$import-status/not-a-guid")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lab.GetAsync($"/fhir/$import-status/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_running_import_can_be_cancelled_and_a_laboratory_runs_one_import_at_a_time()
    {
        var history = ImportTests.History(20_000, DateTimeOffset.UtcNow.AddDays(-60), out var expected);
        using var lab = await LabAsync();
        var status = await StartAsync(lab, Ndjson(history));

        await AssertRefusedWhileRunningAsync(await lab.PostAsync("/fhir/$import", Ndjson(history)), status);

        Assert.Equal(HttpStatusCode.Accepted, (await lab.DeleteAsync(status)).StatusCode);
        var outcome = await OutcomeAsync(lab, status);
        Assert.Equal("cancelled", outcome.GetProperty("status").GetString());
        Assert.True(await StoredCount() < expected, "a cancelled import stops before the end of its file");
        // A write already handed to the store when the cancellation came is committed, and counted in the outcome.
        Assert.Equal(await StoredCount(), Counts(outcome).Stored);
        Assert.Equal(HttpStatusCode.Accepted, (await lab.PostAsync("/fhir/$import", Ndjson(Observations.Json(Observations.Hemogram(identifier: "after-1"))))).StatusCode);
    }

    [Fact]
    public async System.Threading.Tasks.Task Imported_history_raises_no_live_alert_while_an_excess_still_going_on_does()
    {
        using var lab = await LabAsync();
        var past = ImportTests.History(400, DateTimeOffset.UtcNow.AddDays(-30), out var expected, "past");
        Assert.Equal(expected, Counts(await OutcomeAsync(lab, await StartAsync(lab, Ndjson(past)))).Stored);

        await Decisions.DecideNowAsync(Factory.Services);
        Assert.Empty((await Http.GetFromJsonAsync<AlertList>("/api/alerts", SentinelaJson.Options))!.Items);

        // The same excess in the last hours is today's outbreak, imported or not: the import did reach the counters.
        var recent = ImportTests.History(400, DateTimeOffset.UtcNow.AddHours(-12), out _, "recent");
        await OutcomeAsync(lab, await StartAsync(lab, Ndjson(recent)));
        await Decisions.DecideNowAsync(Factory.Services);
        Assert.NotEmpty((await Http.GetFromJsonAsync<AlertList>("/api/alerts", SentinelaJson.Options))!.Items);
    }
}

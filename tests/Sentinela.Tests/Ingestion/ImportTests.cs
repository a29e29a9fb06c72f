using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server;
using Sentinela.Server.Alerts;
using Sentinela.Server.Ingestion;
using Sentinela.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sentinela.Tests.Ingestion;

/// <summary>Bulk backfill from NDJSON (Ingestion/NdjsonImport.cs, <c>sentinela-server import</c>) into the test's real store.</summary>
public sealed class ImportTests(ITestOutputHelper output) : ServerTest
{
    static string OneLine(string corpusFile) =>
        System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(IngestionCorpus.Folder, corpusFile)))!.ToJsonString();

    /// <summary>Hemograms as a bulk export writes them, a few lines twice, a report and an RNDS document, and two lines that are not hemograms.</summary>
    internal static string History(int hemograms, DateTimeOffset collectedAt, out int expectedStored, string prefix = "hist")
    {
        var lines = new List<string>();
        for (var i = 0; i < hemograms; i++)
            lines.Add(Observations.Json(Observations.Hemogram(identifier: $"{prefix}-{i}", plateletsThousands: i % 2 == 0 ? 90 : 260, collectedAt: collectedAt.AddMinutes(i % 600))));
        lines.AddRange(lines.Take(5).ToList());
        lines.Add(OneLine("lis/20-diagnosticreport-contained-results.json"));
        lines.Add(OneLine("rnds/01-resultado-exame-laboratorial.json"));
        lines.Add("{ not json");
        lines.Add("{\"resourceType\": \"Patient\", \"gender\": \"female\"}");
        expectedStored = hemograms + 2;
        return string.Join('\n', lines) + "\n";
    }

    static string Gzipped(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"sentinela-import-{Guid.NewGuid():N}.ndjson.gz");
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(text));
        return path;
    }

    [Fact]
    public async Task An_ndjson_gz_export_is_stored_once_whatever_its_duplicates_and_a_second_import_changes_nothing()
    {
        var path = Gzipped(History(3000, DateTimeOffset.UtcNow.AddDays(-40), out var expected));
        try
        {
            var import = Factory.Services.GetRequiredService<NdjsonImport>();
            var refused = new List<long>();
            await using (var file = File.OpenRead(path))
            {
                var first = await import.ImportAsync(file, null, null, (line, _) => refused.Add(line), default);
                output.WriteLine($"{first.Lines} lines in {first.Elapsed.TotalMilliseconds:F0} ms: {first.LinesPerSecond:N0} lines/s");
                Assert.Equal((expected, 5L, 0L, 2L), (first.Created, first.Unchanged, first.Revised, first.Refused));
            }
            Assert.Equal([3008L, 3009L], refused);
            Assert.Equal(expected, await StoredCount());

            await using (var again = File.OpenRead(path))
            {
                var second = await import.ImportAsync(again, null, null, null, default);
                Assert.Equal((0L, expected + 5L), (second.Created, second.Unchanged));
            }
            Assert.Equal(expected, await StoredCount());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task An_outbreak_in_imported_history_feeds_the_baseline_and_raises_no_live_alert_while_one_still_going_on_does()
    {
        var past = Gzipped(History(400, DateTimeOffset.UtcNow.AddDays(-30), out _, "past"));
        var recent = Gzipped(History(400, DateTimeOffset.UtcNow.AddHours(-12), out _, "recent"));
        try
        {
            var import = Factory.Services.GetRequiredService<NdjsonImport>();
            await using (var file = File.OpenRead(past)) await import.ImportAsync(file, null, null, null, default);
            await Decisions.DecideNowAsync(Factory.Services);
            Assert.Empty((await Http.GetFromJsonAsync<AlertList>("/api/alerts", SentinelaJson.Options))!.Items);

            // The same excess in the last hours is today's outbreak, imported or not.
            await using (var file = File.OpenRead(recent)) await import.ImportAsync(file, null, null, null, default);
            await Decisions.DecideNowAsync(Factory.Services);
            Assert.NotEmpty((await Http.GetFromJsonAsync<AlertList>("/api/alerts", SentinelaJson.Options))!.Items);
        }
        finally
        {
            File.Delete(past);
            File.Delete(recent);
        }
    }

    [Fact]
    public async Task The_command_reports_what_it_stored_and_refused_and_refuses_bad_usage()
    {
        var path = Gzipped(History(50, DateTimeOffset.UtcNow.AddDays(-3), out var expected));
        try
        {
            var (stdout, stderr) = (new StringWriter(), new StringWriter());
            var code = await ImportCommand.RunAsync(Factory.Services, ["import", path], stdout, stderr, default);

            Assert.Equal(1, code);
            Assert.Contains($"{expected} hemograms stored, 5 already stored, 0 revised, 2 refused.", stdout.ToString());
            Assert.Contains("line 58:", stderr.ToString());
            Assert.Equal(2, await ImportCommand.RunAsync(Factory.Services, ["import"], stdout, stderr, default));
            Assert.Equal(2, await ImportCommand.RunAsync(Factory.Services, ["import", path + ".missing"], stdout, stderr, default));
            Assert.Equal(2, await ImportCommand.RunAsync(Factory.Services, ["import", path, "--lab", "not-a-guid"], stdout, stderr, default));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Settings_after_an_absolute_file_path_reach_the_configuration()
    {
        // The configuration's command-line reader takes "/data/x.ndjson" for a switch and would swallow the next setting.
        Assert.Equal(["--Sentinela:Storage:Embedded:Path=/tmp/db.sqlite"],
            ImportCommand.SettingArguments(["import", "/data/history.ndjson.gz", "--Sentinela:Storage:Embedded:Path=/tmp/db.sqlite", "--lab", Guid.NewGuid().ToString()]));
    }
}

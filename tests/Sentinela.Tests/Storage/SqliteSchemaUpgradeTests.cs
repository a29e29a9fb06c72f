using System.Net;
using Hl7.Fhir.Model;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sentinela.Server.Push;
using Sentinela.Server.Push.Dispatch;
using Sentinela.Server.Storage;
using Sentinela.Server.Storage.Embedded;
using Sentinela.Tests.Infrastructure;
using Task = System.Threading.Tasks.Task;

namespace Sentinela.Tests.Storage;

/// <summary>An embedded database file written by an earlier release opens with the columns added since.</summary>
public sealed class SqliteSchemaUpgradeTests : IDisposable
{
    readonly string _path = Path.Combine(Path.GetTempPath(), $"sentinela-upgrade-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task A_push_queue_from_before_trace_context_gains_the_column_and_keeps_its_jobs()
    {
        var options = Options.Create(new EmbeddedStorageOptions { Path = _path });
        var alert = Guid.NewGuid();
        var queue = new SqlitePushQueue(new SqliteDatabase(options));
        await queue.EnqueueAsync([Job(alert, "old")], 1, default);
        // The file as the release before trace_parent left it.
        await using (var c = new SqliteConnection($"Data Source={_path};Pooling=False"))
        {
            await c.OpenAsync();
            await using var drop = c.CreateCommand();
            drop.CommandText = "ALTER TABLE push_jobs DROP COLUMN trace_parent;";
            await drop.ExecuteNonQueryAsync();
        }

        queue = new SqlitePushQueue(new SqliteDatabase(options));
        const string queuedIn = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        await queue.EnqueueAsync([Job(alert, "new") with { TraceParent = queuedIn }], 2, default);

        Assert.Equal([("old", null), ("new", queuedIn)], (await queue.ForAlertAsync(alert, default)).Select(j => (j.DeviceId, j.TraceParent)));
    }

    [Fact]
    public async Task Hemograms_from_before_result_versions_read_as_version_1_take_a_retry_as_a_resubmission_and_take_an_amendment()
    {
        var embedded = new Dictionary<string, string?> { ["Sentinela:Storage:Backend"] = "Embedded" };
        var first = new SentinelaFactory(embedded);
        var observation = Observations.Hemogram(identifier: "before-versions", plateletsThousands: 95);
        var created = await first.CreateClient().PostAsync("/fhir/Observation", Observations.Content(observation));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = created.Headers.Location!.ToString().Split('/')[3];
        await first.DisposeAsync();

        // The file as the release before issue 15 left it: none of the lifecycle columns and tables, source keys as hex text.
        await using (var c = new SqliteConnection($"Data Source={Path.Combine(first.DataDirectory, "sentinela.db")};Pooling=False"))
        {
            await c.OpenAsync();
            await using var downgrade = c.CreateCommand();
            downgrade.CommandText = """
                DROP INDEX ix_hemograms_group; DROP INDEX ix_labs_cnes; DROP TABLE hemogram_versions; DROP TABLE hemogram_keys;
                ALTER TABLE hemograms DROP COLUMN version; ALTER TABLE hemograms DROP COLUMN status; ALTER TABLE hemograms DROP COLUMN location_source;
                ALTER TABLE hemograms DROP COLUMN absent_mask; ALTER TABLE hemograms DROP COLUMN group_key; ALTER TABLE hemograms DROP COLUMN submitter;
                ALTER TABLE hemograms DROP COLUMN content_hash; ALTER TABLE hemograms DROP COLUMN members; ALTER TABLE hemograms DROP COLUMN updated_at;
                ALTER TABLE hemograms DROP COLUMN counted; ALTER TABLE labs DROP COLUMN municipality;
                UPDATE hemograms SET source_key = hex(source_key); DELETE FROM meta WHERE key = 'source_keys';
                """;
            await downgrade.ExecuteNonQueryAsync();
        }

        var upgraded = new SentinelaFactory(embedded, first.DataDirectory);
        try
        {
            var http = upgraded.CreateClient();
            var old = Assert.IsType<Observation>(FhirBodies.Read(await http.GetByteArrayAsync($"/fhir/Observation/{id}")));
            Assert.Equal(("1", ObservationStatus.Final), (old.Meta.VersionId, old.Status));

            // A lab's retry of the same result (stored before content hashes existed) is a resubmission, not a conflict;
            // other values under status final still are one.
            var again = await http.PostAsync("/fhir/Observation", Observations.Content(observation));
            Assert.Equal((HttpStatusCode.OK, $"/fhir/Observation/{id}/_history/1"), (again.StatusCode, again.Headers.Location?.ToString()));
            var changed = Observations.Hemogram(identifier: "before-versions", plateletsThousands: 96);
            Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsync("/fhir/Observation", Observations.Content(changed))).StatusCode);

            observation.Status = ObservationStatus.Amended;
            ((Quantity)observation.Component[0].Value!).Value = 240;
            var amended = await http.PostAsync("/fhir/Observation", Observations.Content(observation));
            Assert.Equal((HttpStatusCode.OK, $"/fhir/Observation/{id}/_history/2"), (amended.StatusCode, amended.Headers.Location!.ToString()));
            var history = Assert.IsType<Bundle>(FhirBodies.Read(await http.GetByteArrayAsync($"/fhir/Observation/{id}/_history")));
            Assert.Equal(["2", "1"], history.Entry.Select(e => e.Resource.Meta.VersionId));
            Assert.Equal(1, await upgraded.Services.GetRequiredService<IHemogramStore>().CountAsync(default));
            await using var c = new SqliteConnection($"Data Source={Path.Combine(first.DataDirectory, "sentinela.db")};Pooling=False");
            await c.OpenAsync();
            await using var keys = c.CreateCommand();
            keys.CommandText = "SELECT typeof(source_key) || ' ' || length(source_key) FROM hemograms;";
            Assert.Equal("blob 32", await keys.ExecuteScalarAsync());
        }
        finally
        {
            await upgraded.DisposeAndDeleteAsync();
        }
    }

    static PushJob Job(Guid alert, string device) =>
        new(alert, 1, Guid.NewGuid(), device, PushPriority.Normal, "Alerta", "Plaquetas baixas", false, DateTimeOffset.UtcNow);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, $"{_path}-wal", $"{_path}-shm" }) File.Delete(file);
    }
}

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Sentinela.Server.Push;
using Sentinela.Server.Push.Dispatch;
using Sentinela.Server.Storage.Embedded;

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

    static PushJob Job(Guid alert, string device) =>
        new(alert, 1, Guid.NewGuid(), device, PushPriority.Normal, "Alerta", "Plaquetas baixas", false, DateTimeOffset.UtcNow);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, $"{_path}-wal", $"{_path}-shm" }) File.Delete(file);
    }
}

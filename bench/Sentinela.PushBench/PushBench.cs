using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Sentinela.Server.Push;
using Sentinela.Server.Push.Dispatch;
using Sentinela.Server.Storage;
using Sentinela.Server.Storage.Embedded;

namespace Sentinela.PushBench;

/// <summary>
/// Usage: sentinela-pushbench [pushes] [rate-limits on|off] [expo|webpush]   (defaults 20000, off, expo)
/// Queues one alert version for N devices straight into the push queue, wakes the real dispatcher, and times until the
/// stand-in (a local HTTP server answering Expo's send API with tickets, or a Web Push endpoint with 201, no validation
/// cost) has every message and the queue is empty. Measures the dispatcher and provider path, not alert detection; for
/// Web Push that includes the per-message RFC 8291 encryption (an ephemeral P-256 key and ECDH each).
/// </summary>
public static class PushBench
{
    public static async Task Main(string[] args)
    {
        // WebApplicationFactory finds the server's content root through a manifest it reads from the working directory.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        var pushes = args.Length > 0 ? int.Parse(args[0]) : 20_000;
        var rateLimits = args.Length > 1 && args[1] == "on";
        var webPush = args.Length > 2 && args[2] == "webpush";

        var received = 0;
        var expo = WebApplication.CreateSlimBuilder();
        expo.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        expo.Logging.ClearProviders();
        var fake = expo.Build();
        fake.MapPost("/--/api/v2/push/send", async (HttpRequest request) =>
        {
            var messages = (await JsonNode.ParseAsync(request.Body))!.AsArray();
            Interlocked.Add(ref received, messages.Count);
            return Results.Json(new JsonObject { ["data"] = new JsonArray(messages.Select(_ => (JsonNode)new JsonObject { ["status"] = "ok", ["id"] = Guid.NewGuid().ToString() }).ToArray()) });
        });
        fake.MapPost("/push/{id}", async (HttpRequest request) =>
        {
            await request.Body.CopyToAsync(Stream.Null);
            Interlocked.Increment(ref received);
            return Results.Created("/message/1", null);
        });
        await fake.StartAsync();
        var expoUrl = fake.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var data = Directory.CreateTempSubdirectory("sentinela-pushbench-").FullName;
        await using var server = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Sentinela:Storage:Embedded:Path", Path.Combine(data, "db.sqlite"));
            web.UseSetting("Sentinela:Push:Expo:BaseUrl", expoUrl);
            web.UseSetting("Sentinela:Push:Dispatch:RateLimits", rateLimits ? "true" : "false");
            web.UseSetting("Logging:LogLevel:Default", "Warning");
        });
        var services = server.Services;

        // Devices straight into SQLite in one transaction: registering 100,000 through the API would measure fsyncs, not pushes.
        var user = Guid.NewGuid();
        await using (var c = services.GetRequiredService<SqliteDatabase>().Open())
        {
            await using var t = await c.BeginTransactionAsync();
            await using var insert = c.CreateCommand();
            insert.CommandText = webPush
                ? "INSERT INTO devices (device_id, user_id, web_endpoint, web_p256dh, web_auth, updated_at) VALUES ($id, $user, $token, $p256dh, $auth, 0);"
                : "INSERT INTO devices (device_id, user_id, expo_token, updated_at) VALUES ($id, $user, $token, 0);";
            var (id, token) = (insert.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Text), insert.Parameters.Add("$token", Microsoft.Data.Sqlite.SqliteType.Text));
            insert.Parameters.AddWithValue("$user", user.ToString());
            // One browser key for all: the sender's cost is the same whoever receives (a fresh ephemeral key per message).
            using var browserKey = System.Security.Cryptography.ECDiffieHellman.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
            var q = browserKey.ExportParameters(false).Q;
            insert.Parameters.AddWithValue("$p256dh", System.Buffers.Text.Base64Url.EncodeToString([0x04, .. q.X!, .. q.Y!]));
            insert.Parameters.AddWithValue("$auth", System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
            for (var i = 0; i < pushes; i++)
            {
                (id.Value, token.Value) = ($"bench-{i}", webPush ? $"{expoUrl}/push/{i}" : $"ExponentPushToken[bench-{i}]");
                await insert.ExecuteNonQueryAsync();
            }
            await t.CommitAsync();
        }
        var alert = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var jobs = Enumerable.Range(0, pushes).Select(i => new PushJob(alert, 1, user, $"bench-{i}", PushPriority.Normal,
            "Surto detectado — Contagem/MG", "Surto detectado: 18 casos de plaquetas baixas", false, now)).ToList();
        var queue = services.GetRequiredService<IPushQueue>();
        await queue.EnqueueAsync(jobs, 0, default);

        var clock = Stopwatch.StartNew();
        services.GetRequiredService<PushDispatcher>().Wake();
        while (Volatile.Read(ref received) < pushes || await queue.PendingCountAsync(default) > 0) await Task.Delay(20);
        clock.Stop();

        Console.WriteLine($"{pushes} {(webPush ? "Web Push" : "Expo")} pushes, rate limits {(rateLimits ? "on" : "off")}: {clock.Elapsed.TotalSeconds:0.00} s, " +
            $"{pushes / clock.Elapsed.TotalSeconds:0} pushes/s, {Volatile.Read(ref received)} received by the stand-in");
        await fake.StopAsync();
        Directory.Delete(data, recursive: true);
    }
}

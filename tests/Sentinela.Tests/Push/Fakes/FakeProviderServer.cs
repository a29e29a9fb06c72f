using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sentinela.Tests.Push.Fakes;

/// <summary>
/// What every fake push provider shares: a Kestrel server on 127.0.0.1 and a free port, a record of each request, and
/// fault injection in front of the provider's own endpoints (latency, an outage, a status for the next N calls).
/// </summary>
public abstract class FakeProviderServer : IAsyncDisposable
{
    readonly ConcurrentQueue<RecordedRequest> _requests = new();
    readonly Lock _faultLock = new();
    WebApplication? _app;
    int _failuresLeft;
    int _failureStatus;
    TimeSpan? _failureRetryAfter;

    public string BaseUrl { get; private set; } = "";
    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>Each request waits this long before it is answered (or until the client gives up).</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Every request is answered 503 while set.</summary>
    public bool Down { get; set; }

    /// <summary>The next <paramref name="count"/> requests get <paramref name="status"/>, with Retry-After when given.</summary>
    public void FailNext(int count, int status, TimeSpan? retryAfter = null)
    {
        lock (_faultLock) (_failuresLeft, _failureStatus, _failureRetryAfter) = (count, status, retryAfter);
    }

    protected async Task StartAsync(HttpProtocols protocols, Action<WebApplication> mapEndpoints)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = protocols));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            _requests.Enqueue(await RecordAsync(context.Request));
            if (Latency > TimeSpan.Zero)
            {
                try { await Task.Delay(Latency, context.RequestAborted); }
                catch (OperationCanceledException) { return; }
            }
            if (Down) { context.Response.StatusCode = 503; return; }
            if (TakeFailure() is var (status, retryAfter))
            {
                context.Response.StatusCode = status;
                if (retryAfter is { } delay) context.Response.Headers.RetryAfter = ((int)delay.TotalSeconds).ToString();
                return;
            }
            await next();
        });
        mapEndpoints(app);
        await app.StartAsync();
        _app = app;
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    (int Status, TimeSpan? RetryAfter)? TakeFailure()
    {
        lock (_faultLock)
        {
            if (_failuresLeft <= 0) return null;
            _failuresLeft--;
            return (_failureStatus, _failureRetryAfter);
        }
    }

    static async Task<RecordedRequest> RecordAsync(HttpRequest request)
    {
        request.EnableBuffering();
        var body = await new StreamReader(request.Body).ReadToEndAsync();
        request.Body.Position = 0;
        return new RecordedRequest(request.Method, request.Path, request.Protocol,
            request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), body, DateTimeOffset.UtcNow);
    }

    public async ValueTask DisposeAsync()
    {
        // Tests stop a fake early to simulate connection refused; the bed disposes it again at the end.
        if (Interlocked.Exchange(ref _app, null) is { } app) await app.DisposeAsync();
    }
}

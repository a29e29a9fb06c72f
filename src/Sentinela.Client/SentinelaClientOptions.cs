using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.Extensions.Logging;

namespace Sentinela.Client;

/// <summary>How a <see cref="SentinelaAlertClient"/> connects. Defaults match the server's hub settings.</summary>
public sealed class SentinelaClientOptions
{
    /// <summary>The server's base address, e.g. http://127.0.0.1:5080; the hub is at <see cref="HubPath"/> under it.</summary>
    public required Uri ServerUrl { get; set; }

    public string HubPath { get; set; } = "hubs/alerts";

    /// <summary>
    /// Called for each connection attempt; its token is sent as a Bearer token (query string on WebSockets/SSE). The
    /// server closes a connection when its token expires, and the client reconnects with a fresh one and resumes, so
    /// the provider should refresh: <see cref="SentinelaSession.GetAccessTokenAsync"/> does.
    /// </summary>
    public Func<Task<string?>>? AccessTokenProvider { get; set; }

    public HubProtocol Protocol { get; set; } = HubProtocol.Json;

    /// <summary>
    /// The transports to try, best first: WebSockets, then Server-Sent Events, then long polling. WebSockets alone skips
    /// the negotiate request: one socket per client, and one round trip less per (re)connection.
    /// </summary>
    public HttpTransportType Transports { get; set; } =
        HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling;

    /// <summary>Waits between reconnection attempts; the last repeats forever.</summary>
    public IReadOnlyList<TimeSpan> ReconnectDelays { get; set; } = ReconnectSchedule.DefaultDelays;

    /// <summary>The fraction each reconnect delay may move either way (0.2 = ±20 %).</summary>
    public double Jitter { get; set; } = 0.2;

    /// <summary>
    /// Acknowledge alert events once the <see cref="SentinelaAlertClient.AlertReceived"/> handlers return: cumulatively
    /// (the highest sequence processed), at most once per <see cref="AckInterval"/>.
    /// </summary>
    public bool AutoAck { get; set; } = true;

    /// <summary>The shortest time between two acks; events processed in between are covered by the next one.</summary>
    public TimeSpan AckInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How many recent (alert id, version) pairs are remembered to drop duplicates.</summary>
    public int DedupCapacity { get; set; } = 100;

    /// <summary>Resume from here on the first connection, e.g. a sequence the app persisted; 0 asks for everything.</summary>
    public long InitialSequence { get; set; }

    /// <summary>The connection is considered lost after this long without a message; the server's keep-alive is 15 s.</summary>
    public TimeSpan ServerTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the client pings the server when it has sent nothing; the server drops clients silent for 30 s.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>For the client's own and SignalR's logs; none if null.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Last say over the HTTP connection (headers, a test server's message handler, proxies).</summary>
    public Action<HttpConnectionOptions>? ConfigureConnection { get; set; }

    /// <summary>The hub's absolute URL.</summary>
    public Uri HubUrl()
    {
        var baseUrl = ServerUrl.AbsoluteUri.EndsWith('/') ? ServerUrl : new Uri(ServerUrl.AbsoluteUri + "/");
        return new Uri(baseUrl, HubPath.TrimStart('/'));
    }

    internal void Validate()
    {
        if (ServerUrl is null || !ServerUrl.IsAbsoluteUri || (ServerUrl.Scheme != Uri.UriSchemeHttp && ServerUrl.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"ServerUrl '{ServerUrl}' must be an absolute http(s) URL.", nameof(ServerUrl));
        ArgumentOutOfRangeException.ThrowIfLessThan(DedupCapacity, 1, nameof(DedupCapacity));
        ArgumentOutOfRangeException.ThrowIfNegative(InitialSequence, nameof(InitialSequence));
        ArgumentOutOfRangeException.ThrowIfLessThan(AckInterval, TimeSpan.Zero, nameof(AckInterval));
        if (ServerTimeout <= KeepAliveInterval)
            throw new ArgumentException("ServerTimeout must be longer than KeepAliveInterval.", nameof(ServerTimeout));
    }
}

using Microsoft.AspNetCore.SignalR;

namespace Sentinela.Server.Delivery;

/// <summary>
/// Closes hub connections on purpose, telling each client first (<see cref="ReconnectRequest"/>) so it comes back at
/// once, spread over a window, rather than after its reconnect back-off. Resume makes this lossless: the client asks
/// for everything after the last sequence it processed, wherever it reconnects.
/// </summary>
public sealed class ReconnectRequests(IHubContext<AlertHub> hub, DeliveryMetrics metrics, ILogger<ReconnectRequests> logger)
{
    /// <summary>How long the requests may take to go out: a client too slow to read one is closed without it.</summary>
    static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Asks each connection to reconnect, then closes it; returns how many requests went out.</summary>
    public async Task<int> AskAsync(IReadOnlyCollection<ConnectionState> connections, string reason, TimeSpan within, CancellationToken ct)
    {
        var request = new ReconnectRequest(reason, (int)within.TotalMilliseconds);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(SendTimeout);
        // All at once: one slow client's full send buffer must not hold up the others.
        var sent = await Task.WhenAll(connections.Select(c => SendAsync(c, request, timeout.Token)));
        foreach (var connection in connections)
        {
            // Closed with or without the request: an old client then reconnects on its own schedule.
            connection.Close();
            metrics.ReconnectRequested(reason);
        }
        return sent.Count(s => s);
    }

    async Task<bool> SendAsync(ConnectionState connection, ReconnectRequest request, CancellationToken ct)
    {
        try
        {
            await hub.Clients.Client(connection.ConnectionId).SendAsync(AlertClientMethods.Reconnect, request, ct);
            return true;
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Reconnect request to {ConnectionId} not sent", connection.ConnectionId);
            return false;
        }
    }
}

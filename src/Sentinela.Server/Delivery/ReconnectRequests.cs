using Microsoft.AspNetCore.SignalR;

namespace Sentinela.Server.Delivery;

/// <summary>
/// Closes hub connections on purpose, telling each client first (<see cref="ReconnectRequest"/>) so it comes back at
/// once, spread over a window, rather than after its reconnect back-off. Resume makes this lossless: the client asks
/// for everything after the last sequence it processed, wherever it reconnects.
/// </summary>
public sealed class ReconnectRequests(IHubContext<AlertHub> hub, DeliveryMetrics metrics, ILogger<ReconnectRequests> logger)
{
    /// <summary>Asks each connection to reconnect, then closes it; returns how many were asked.</summary>
    public async Task<int> AskAsync(IReadOnlyCollection<ConnectionState> connections, string reason, TimeSpan within, CancellationToken ct)
    {
        var request = new ReconnectRequest(reason, (int)within.TotalMilliseconds);
        var asked = 0;
        foreach (var connection in connections)
        {
            try
            {
                await hub.Clients.Client(connection.ConnectionId).SendAsync(AlertClientMethods.Reconnect, request, ct);
                asked++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Closing it anyway: an old client then reconnects on its own schedule.
                logger.LogDebug(e, "Reconnect request to {ConnectionId} not sent", connection.ConnectionId);
            }
            connection.Close();
            metrics.ReconnectRequested(reason);
        }
        return asked;
    }
}

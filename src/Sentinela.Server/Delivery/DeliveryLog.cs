using Sentinela.Server.Observability.Redaction;

namespace Sentinela.Server.Delivery;

/// <summary>Hub events; coordinates are classified so the log redaction coarsens them.</summary>
static partial class DeliveryLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Connection {ConnectionId} of user {UserId} watches a {Kind} at {Latitude},{Longitude} (radius {RadiusKm} km)")]
    public static partial void Watching(ILogger logger, string connectionId, string userId, WatchKind kind,
        [CoordinateData] double latitude, [CoordinateData] double longitude, double radiusKm);
}

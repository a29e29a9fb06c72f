using Microsoft.Extensions.Logging;

namespace Sentinela.Client;

static partial class ClientLog
{
    [LoggerMessage(1, LogLevel.Warning, "Connecting to {Url} failed; retrying on the reconnect schedule.")]
    public static partial void ConnectFailed(ILogger logger, Uri url, Exception error);

    [LoggerMessage(2, LogLevel.Warning, "Could not restore the watch areas and resume after connecting; the next reconnect tries again.")]
    public static partial void RestoreFailed(ILogger logger, Exception error);

    [LoggerMessage(3, LogLevel.Warning, "The server refused watch area {AreaId} on reconnect.")]
    public static partial void ResubscribeRefused(ILogger logger, string areaId, Exception error);

    [LoggerMessage(4, LogLevel.Error, "An AlertReceived handler failed for alert {AlertId} v{Version}; left unacknowledged so the server resends it.")]
    public static partial void AlertHandlerFailed(ILogger logger, Guid alertId, int version, Exception error);

    [LoggerMessage(5, LogLevel.Debug, "Acknowledging up to sequence {Sequence} failed; the server will resend what it has not seen acknowledged.")]
    public static partial void AckFailed(ILogger logger, long sequence, Exception error);

    [LoggerMessage(6, LogLevel.Error, "A {Event} handler failed.")]
    public static partial void HandlerFailed(ILogger logger, string @event, Exception error);

    [LoggerMessage(7, LogLevel.Warning, "Resuming after a new watch area failed; the next reconnect resumes again.")]
    public static partial void ResumeFailed(ILogger logger, Exception error);

    [LoggerMessage(8, LogLevel.Debug, "Unsubscribing {AreaId} did not reach the server; the connection, and the area with it, is gone.")]
    public static partial void UnsubscribeLost(ILogger logger, string areaId, Exception error);

    [LoggerMessage(9, LogLevel.Warning, "Received an alert event without an alert; ignored.")]
    public static partial void EmptyAlertEvent(ILogger logger);

    [LoggerMessage(10, LogLevel.Information, "The server asked to reconnect ({Reason}); reconnecting in {Delay}.")]
    public static partial void ReconnectRequested(ILogger logger, string reason, TimeSpan delay);

    [LoggerMessage(11, LogLevel.Information, "Subscribing was cut short by a dropped connection; asking again once reconnected.")]
    public static partial void SubscribeInterrupted(ILogger logger, Exception error);
}

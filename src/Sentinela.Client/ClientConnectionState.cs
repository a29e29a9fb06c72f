namespace Sentinela.Client;

/// <summary>Where the client's connection to the hub stands.</summary>
public enum ClientConnectionState
{
    Disconnected,
    /// <summary>The first connection attempt of <see cref="SentinelaAlertClient.ConnectAsync"/>.</summary>
    Connecting,
    Connected,
    /// <summary>The connection was lost or an attempt failed; the client keeps retrying on its schedule.</summary>
    Reconnecting,
}

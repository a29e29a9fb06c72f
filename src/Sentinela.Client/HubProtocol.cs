namespace Sentinela.Client;

/// <summary>The SignalR hub protocol the client speaks.</summary>
public enum HubProtocol
{
    /// <summary>Text; works over every transport.</summary>
    Json,
    /// <summary>Binary and smaller; not available over Server-Sent Events, which carry text only.</summary>
    MessagePack,
}

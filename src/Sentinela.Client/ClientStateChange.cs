namespace Sentinela.Client;

/// <summary>A change of <see cref="SentinelaAlertClient.State"/>, with the error that caused it, if any.</summary>
public sealed record ClientStateChange(ClientConnectionState State, Exception? Error = null);

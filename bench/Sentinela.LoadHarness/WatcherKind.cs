namespace Sentinela.LoadHarness;

/// <summary>Which clients a watcher group runs.</summary>
public enum WatcherKind
{
    /// <summary>The SDK (<c>SentinelaAlertClient</c>) against Sentinela: subscribe, resume, cumulative acks.</summary>
    Sentinela,
    /// <summary>A plain SignalR <c>HubConnection</c> against the bare baseline, acking each event.</summary>
    Bare,
}

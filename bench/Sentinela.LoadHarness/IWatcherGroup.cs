namespace Sentinela.LoadHarness;

/// <summary>Real-time clients, in this process (<see cref="LocalWatchers"/>) or another (<see cref="ChildWatchers"/>).</summary>
public interface IWatcherGroup : IAsyncDisposable
{
    int Ready { get; }

    IReadOnlyDictionary<string, int> Failures { get; }

    /// <summary>The newest sequence any client has seen.</summary>
    long MaxSequence { get; }

    /// <summary>From now on only events after <paramref name="sequence"/> count; first-receipt times restart.</summary>
    Task MarkAsync(long sequence);

    /// <summary>Waits until every ready client received an event after the mark, or <paramref name="wait"/>; then reports.</summary>
    Task<WatcherReport> ReportAsync(TimeSpan wait);

    /// <summary>Closes every connection at once, as a network cut would; each client remembers its last sequence.</summary>
    Task DropAsync();

    /// <summary>Every client connects again at once, resuming from the sequence it remembered.</summary>
    Task ReconnectAsync();
}

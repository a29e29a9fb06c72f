namespace Sentinela.Simulator.Traffic;

/// <summary>Thread-safe tallies of what the server answered, per hemogram.</summary>
public sealed class TrafficCounters
{
    long _requests, _answered, _sent, _created, _duplicates, _clientErrors, _serverErrors, _other, _failed;
    string? _lastError;

    public void RecordRequest() => Interlocked.Increment(ref _requests);

    /// <summary>A request ended, answered or failed: it is no longer in flight.</summary>
    public void RecordRequestEnded() => Interlocked.Increment(ref _answered);

    public void RecordStatus(int statusCode, long hemograms = 1)
    {
        Interlocked.Add(ref _sent, hemograms);
        switch (statusCode)
        {
            case 201: Interlocked.Add(ref _created, hemograms); break;
            case 200: Interlocked.Add(ref _duplicates, hemograms); break;
            case >= 400 and < 500: Interlocked.Add(ref _clientErrors, hemograms); break;
            case >= 500 and < 600: Interlocked.Add(ref _serverErrors, hemograms); break;
            default: Interlocked.Add(ref _other, hemograms); break;
        }
    }

    public void RecordFailure(long hemograms, string reason)
    {
        Interlocked.Add(ref _sent, hemograms);
        Interlocked.Add(ref _failed, hemograms);
        _lastError = reason;
    }

    /// <summary>Keeps the latest error description (status and the start of the body) for the progress output.</summary>
    public void RecordError(string description) => _lastError = description;

    public TrafficSnapshot Snapshot(TimeSpan elapsed) => new(
        elapsed,
        Interlocked.Read(ref _requests),
        Interlocked.Read(ref _requests) - Interlocked.Read(ref _answered),
        Interlocked.Read(ref _sent),
        Interlocked.Read(ref _created),
        Interlocked.Read(ref _duplicates),
        Interlocked.Read(ref _clientErrors),
        Interlocked.Read(ref _serverErrors),
        Interlocked.Read(ref _other),
        Interlocked.Read(ref _failed),
        Volatile.Read(ref _lastError));
}

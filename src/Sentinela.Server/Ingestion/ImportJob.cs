namespace Sentinela.Server.Ingestion;

/// <summary>
/// One <c>POST /fhir/$import</c>: whose it is, the spooled body it reads, and how far it got. The runner
/// (<see cref="BulkImports"/>) writes the progress while the status endpoint reads it, so state changes go under a lock.
/// </summary>
public sealed class ImportJob(Guid id, Guid lab, string file, DateTimeOffset requestedAt)
{
    /// <summary>Refusals kept for the outcome; beyond these only the count grows (a file of nothing but bad lines stays small).</summary>
    public const int RefusalsListed = 1000;

    public enum State { Receiving, Queued, Running, Completed, Cancelled, Failed }

    public sealed record Refusal(long Line, IReadOnlyList<ParseIssue> Issues);

    readonly Lock _lock = new();
    readonly List<Refusal> _refusals = [];

    public Guid Id => id;
    public Guid Lab => lab;
    public string File => file;
    public DateTimeOffset RequestedAt => requestedAt;
    public CancellationTokenSource Cancellation { get; } = new();
    public State Now { get; private set; } = State.Receiving;
    public NdjsonImport.Progress? Progress { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }
    public string? Failure { get; private set; }

    public bool IsFinished => Now is State.Completed or State.Cancelled or State.Failed;

    public IReadOnlyList<Refusal> Refusals
    {
        get { lock (_lock) return _refusals.ToList(); }
    }

    public void Queued() => Move(State.Receiving, State.Queued);

    /// <summary>False when it was cancelled while it waited.</summary>
    public bool Start() => Move(State.Queued, State.Running);

    public void Report(NdjsonImport.Progress progress) => Progress = progress;

    public void Refuse(long line, IReadOnlyList<ParseIssue> issues)
    {
        lock (_lock)
            if (_refusals.Count < RefusalsListed) _refusals.Add(new Refusal(line, issues));
    }

    /// <summary>Asks a queued or running import to stop; a queued one is cancelled at once.</summary>
    public void Cancel(DateTimeOffset now)
    {
        Cancellation.Cancel();
        Finish(State.Queued, State.Cancelled, now);
    }

    public void Finish(State outcome, DateTimeOffset now, string? failure = null) => Finish(State.Running, outcome, now, failure);

    void Finish(State from, State outcome, DateTimeOffset now, string? failure = null)
    {
        lock (_lock)
        {
            if (Now != from) return;
            (Now, FinishedAt, Failure) = (outcome, now, failure);
        }
    }

    bool Move(State from, State to)
    {
        lock (_lock)
        {
            if (Now != from) return false;
            Now = to;
            return true;
        }
    }
}

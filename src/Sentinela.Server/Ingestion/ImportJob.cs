using System.Text.Json;
using Hl7.Fhir.Model;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// One <c>POST /fhir/$import</c> on the instance that took its body: the spooled file it reads, how far it got and its
/// refusals. The runner (<see cref="BulkImports"/>) writes the progress while the heartbeat reads it (<see cref="Snapshot"/>),
/// so state changes go under a lock.
/// </summary>
public sealed class ImportJob(Guid id, Guid lab, string file, DateTimeOffset requestedAt)
{
    /// <summary>Refusals kept for the outcome; beyond these only the count grows (a file of nothing but bad lines stays small).</summary>
    public const int RefusalsListed = 1000;

    readonly Lock _lock = new();
    readonly List<(long Line, IReadOnlyList<ParseIssue> Issues)> _refusals = [];
    ImportJobState _state = ImportJobState.Receiving;
    // Set when the job ends, whatever the outcome: "finished" means this, as in the store (finished_at).
    DateTimeOffset? _finishedAt;
    string? _failure;
    // Written once, when the job has ended: its refusals no longer change, and every later snapshot carries them.
    string? _refusalsJson;

    public Guid Id => id;
    public Guid Lab => lab;
    public string File => file;
    public CancellationTokenSource Cancellation { get; } = new();
    public NdjsonImport.Progress? Progress { get; private set; }

    public bool IsFinished
    {
        get
        {
            lock (_lock) return _finishedAt is not null;
        }
    }

    public void Queued() => Move(ImportJobState.Receiving, ImportJobState.Queued);

    /// <summary>False when it was cancelled while it waited.</summary>
    public bool Start() => Move(ImportJobState.Queued, ImportJobState.Running);

    public void Report(NdjsonImport.Progress progress) => Progress = progress;

    public void Refuse(long line, IReadOnlyList<ParseIssue> issues)
    {
        lock (_lock)
            if (_refusals.Count < RefusalsListed) _refusals.Add((line, issues));
    }

    /// <summary>Asks a queued or running import to stop; a queued one is cancelled at once.</summary>
    public void Cancel(DateTimeOffset now)
    {
        Cancellation.Cancel();
        Finish(ImportJobState.Queued, ImportJobState.Cancelled, now);
    }

    public void Finish(ImportJobState outcome, DateTimeOffset now, string? failure = null) => Finish(ImportJobState.Running, outcome, now, failure);

    /// <summary>Ends a job that has not finished, whatever it was doing (the server is stopping).</summary>
    public void Abandon(DateTimeOffset now, string failure)
    {
        lock (_lock)
            if (_finishedAt is null)
                (_state, _finishedAt, _failure) = (ImportJobState.Failed, now, failure);
    }

    /// <summary>The job as the store keeps it, with its heartbeat at <paramref name="now"/> (and its refusals once it ended).</summary>
    public ImportJobRecord Snapshot(DateTimeOffset now)
    {
        lock (_lock)
        {
            return new ImportJobRecord(id, lab, _state, requestedAt, now)
            {
                FinishedAt = _finishedAt,
                Progress = Progress,
                Failure = _failure,
                RefusalsJson = _finishedAt is null ? null : _refusalsJson ??= RefusalsJson(),
            };
        }
    }

    /// <summary>Each listed refused line with its OperationOutcome (written by Firely: the resource a single POST would have answered).</summary>
    string RefusalsJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var (line, issues) in _refusals)
            {
                json.WriteStartObject();
                json.WriteNumber("line", line);
                json.WritePropertyName("outcome");
                json.WriteRawValue(FhirJson.SerializeToBytes(new OperationOutcome { Issue = issues.Select(i => i.ToComponent()).ToList() }));
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    void Finish(ImportJobState from, ImportJobState outcome, DateTimeOffset now, string? failure = null)
    {
        lock (_lock)
        {
            if (_state != from) return;
            (_state, _finishedAt, _failure) = (outcome, now, failure);
        }
    }

    bool Move(ImportJobState from, ImportJobState to)
    {
        lock (_lock)
        {
            if (_state != from) return false;
            _state = to;
            return true;
        }
    }
}

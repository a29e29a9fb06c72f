namespace Sentinela.Server.Ingestion;

public enum ImportJobState { Receiving, Queued, Running, Completed, Cancelled, Failed }

/// <summary>
/// A <c>POST /fhir/$import</c> job as every instance sees it (<see cref="Storage.IImportJobStore"/>): the instance that
/// took the body runs it and writes this every <see cref="IngestionOptions.ImportHeartbeat"/>; any instance answers its
/// status URL from it.
/// </summary>
public sealed record ImportJobRecord(Guid Id, Guid Lab, ImportJobState State, DateTimeOffset RequestedAt, DateTimeOffset HeartbeatAt)
{
    /// <summary>What a job whose instance stopped writing reads as, once <see cref="BulkImports.StaleAfter"/> has passed.</summary>
    public const string InstanceStopped = "The server running the import stopped; post the file again (what was stored counts as duplicates).";

    public DateTimeOffset? FinishedAt { get; init; }
    public NdjsonImport.Progress? Progress { get; init; }
    public string? Failure { get; init; }

    /// <summary>The outcome's <c>refusals</c> array as JSON: each listed refused line with its OperationOutcome; set when the job ends.</summary>
    public string? RefusalsJson { get; init; }

    /// <summary>Ended, whatever the outcome: it has an end time (the stores' unfinished-job index reads the same column).</summary>
    public bool IsFinished => FinishedAt is not null;

    /// <summary>This record, or, when it is unfinished and its instance has not written since <paramref name="staleBefore"/>, a failure.</summary>
    public ImportJobRecord AliveOrFailed(DateTimeOffset staleBefore) =>
        IsFinished || HeartbeatAt >= staleBefore ? this : this with { State = ImportJobState.Failed, FinishedAt = HeartbeatAt, Failure = InstanceStopped };
}

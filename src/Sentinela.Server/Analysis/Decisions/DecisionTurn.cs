namespace Sentinela.Server.Analysis.Decisions;

/// <summary>One turn at deciding alert changes: the fencing token to log the decision under (null while deciding alone), released on dispose.</summary>
public sealed class DecisionTurn(long? fence, Func<ValueTask> release) : IAsyncDisposable
{
    public long? Fence { get; } = fence;

    public ValueTask DisposeAsync() => release();
}

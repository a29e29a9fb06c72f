namespace Sentinela.Server.Push;

/// <summary>What every provider does with a batch before and around its own wire format.</summary>
internal static class PushBatch
{
    /// <summary>A batch of the wrong size or kind is a bug in the caller, not a provider outcome.</summary>
    public static void Check(IReadOnlyList<PushTarget> targets, PushTokenKind kind)
    {
        if (targets.Count > IPushProvider.MaxBatch)
            throw new ArgumentException($"At most {IPushProvider.MaxBatch} targets per batch, got {targets.Count}.", nameof(targets));
        if (targets.FirstOrDefault(t => t.Kind != kind) is { } stray)
            throw new ArgumentException($"{stray} is not a {kind} token.", nameof(targets));
    }

    /// <summary>For providers with one request per token: sends with bounded concurrency, outcomes in target order.</summary>
    public static async Task<IReadOnlyList<PushOutcome>> SendEachAsync(
        IReadOnlyList<PushTarget> targets, int maxParallel, Func<PushTarget, CancellationToken, Task<PushOutcome>> send, CancellationToken ct)
    {
        var outcomes = new PushOutcome[targets.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, targets.Count), new ParallelOptions { MaxDegreeOfParallelism = maxParallel, CancellationToken = ct },
            async (i, token) => outcomes[i] = await send(targets[i], token));
        return outcomes;
    }

    public static IReadOnlyList<PushOutcome> NotConfigured(IReadOnlyList<PushTarget> targets, string provider) =>
        targets.Select(t => PushOutcome.Failed(t, $"{provider}-not-configured")).ToList();
}

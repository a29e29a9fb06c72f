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

    /// <summary>
    /// For providers with one request per token: each target's request through the breaker, a bounded number at a time;
    /// <paramref name="read"/> turns each answer into an outcome. Outcomes come back in target order.
    /// </summary>
    public static async Task<IReadOnlyList<PushOutcome>> SendEachAsync(
        IReadOnlyList<PushTarget> targets, int maxParallel, ProviderCircuit circuit, HttpClient client,
        Func<PushTarget, HttpRequestMessage> request, Func<PushTarget, HttpResponseMessage, CancellationToken, Task<PushOutcome>> read,
        CancellationToken ct)
    {
        var outcomes = new PushOutcome[targets.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, targets.Count), new ParallelOptions { MaxDegreeOfParallelism = maxParallel, CancellationToken = ct },
            async (i, cancel) =>
            {
                var call = await ProviderCall.SendAsync(circuit, client, () => request(targets[i]), cancel);
                if (call.Response is null)
                {
                    outcomes[i] = call.Failure(targets[i]);
                    return;
                }
                using var response = call.Response;
                outcomes[i] = await read(targets[i], response, cancel);
            });
        return outcomes;
    }

    public static IReadOnlyList<PushOutcome> NotConfigured(IReadOnlyList<PushTarget> targets, string provider) =>
        targets.Select(t => PushOutcome.Failed(t, $"{provider}-not-configured")).ToList();
}

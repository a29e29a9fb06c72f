namespace Sentinela.Server.Push;

/// <summary>
/// Picks each device's route. Expo first, for every device that has an Expo token. When Expo cannot take it now (its
/// breaker is open, the call failed, or the message is throttled), a device that also registered a native token goes
/// direct to FCM or APNs at once; a device with only an Expo token waits for a retry. Devices without an Expo token
/// always go direct.
/// </summary>
/// <remarks>
/// The router asks Expo every time rather than reading the breaker's state first, so the call after the break is
/// Polly's half-open probe and Expo gets its traffic back as soon as it recovers.
/// </remarks>
public sealed class PushRouter
{
    readonly Dictionary<PushTokenKind, IPushProvider> _providers;

    public PushRouter(IEnumerable<IPushProvider> providers) => _providers = providers.ToDictionary(p => p.Kind);

    /// <summary>Each provider's breaker, for metrics and health checks.</summary>
    public IReadOnlyDictionary<PushTokenKind, BreakerState> BreakerStates => _providers.ToDictionary(p => p.Key, p => p.Value.Circuit.State);

    /// <summary>Sends <paramref name="message"/> to every recipient; one delivery per recipient, in the same order.</summary>
    public async Task<IReadOnlyList<PushDelivery>> SendAsync(PushMessage message, IReadOnlyList<PushRecipient> recipients, CancellationToken ct)
    {
        if (recipients.FirstOrDefault(r => r.Targets.Count == 0) is { } empty)
            throw new ArgumentException($"Device {empty.DeviceId} has no push token.", nameof(recipients));
        var deliveries = new PushDelivery?[recipients.Count];
        for (var i = 0; i < recipients.Count; i++)
            if (Preferred(recipients[i]) is null)
                deliveries[i] = new PushDelivery(recipients[i], PushOutcome.Failed(recipients[i].Targets[0], "no-configured-provider"));
        var first = Route(recipients, Enumerable.Range(0, recipients.Count), Preferred);
        await SendAsync(message, recipients, first, deliveries, ct);

        var diverted = Enumerable.Range(0, recipients.Count)
            .Where(i => deliveries[i] is { Outcome: { Kind: PushOutcomeKind.Retryable, Target.Kind: PushTokenKind.Expo } } && Direct(recipients[i]) is not null);
        await SendAsync(message, recipients, Route(recipients, diverted, Direct), deliveries, ct);

        return deliveries.Select(d => d!).ToList();
    }

    PushTarget? Preferred(PushRecipient recipient) =>
        recipient.Targets.FirstOrDefault(t => t.Kind == PushTokenKind.Expo && _providers.ContainsKey(t.Kind)) ?? Direct(recipient);

    PushTarget? Direct(PushRecipient recipient) =>
        recipient.Targets.FirstOrDefault(t => t.Kind != PushTokenKind.Expo && _providers.TryGetValue(t.Kind, out var p) && p.IsConfigured);

    static ILookup<PushTokenKind, (int Index, PushTarget Target)> Route(
        IReadOnlyList<PushRecipient> recipients, IEnumerable<int> indexes, Func<PushRecipient, PushTarget?> choose) =>
        indexes.Select(i => (Index: i, Target: choose(recipients[i]))).Where(r => r.Target is not null)
            .Select(r => (r.Index, Target: r.Target!)).ToLookup(r => r.Target.Kind);

    async Task SendAsync(PushMessage message, IReadOnlyList<PushRecipient> recipients, ILookup<PushTokenKind, (int Index, PushTarget Target)> routes,
        PushDelivery?[] deliveries, CancellationToken ct)
    {
        await Task.WhenAll(routes.Select(async route =>
        {
            foreach (var batch in route.Chunk(IPushProvider.MaxBatch))
            {
                var outcomes = await _providers[route.Key].SendAsync(message, batch.Select(b => b.Target).ToList(), ct);
                for (var i = 0; i < batch.Length; i++) deliveries[batch[i].Index] = new PushDelivery(recipients[batch[i].Index], outcomes[i]);
            }
        }));
    }
}

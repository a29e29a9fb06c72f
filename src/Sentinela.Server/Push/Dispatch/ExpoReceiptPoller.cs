using Microsoft.Extensions.Options;
using Sentinela.Server.Push.Expo;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Push.Dispatch;

/// <summary>
/// Reads Expo's receipts for tickets old enough to have one. A ticket only says Expo took the message; the receipt says
/// whether the platform delivered it. DeviceNotRegistered there deletes the token and dead-letters the job; a missing
/// receipt is looked for again next round.
/// </summary>
public sealed class ExpoReceiptPoller(
    IPushQueue queue, ExpoPushProvider expo, IDeviceStore devices, IOptions<PushDispatchOptions> options, TimeProvider time,
    ILogger<ExpoReceiptPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        using var timer = new PeriodicTimer(options.Value.ReceiptInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Reading Expo receipts failed; trying again next round");
            }
        }
    }

    async Task PollAsync(CancellationToken ct)
    {
        var waiting = await queue.AwaitingReceiptAsync(time.GetUtcNow() - options.Value.ReceiptDelay, 1000, ct);
        if (waiting.Count == 0) return;
        var receipts = await expo.GetReceiptsAsync(waiting.Select(w => new PushTicket(w.TicketId, PushTarget.Expo(w.Token))).ToList(), ct);
        var read = new List<(long, string?)>();
        foreach (var (jobId, ticket, token) in waiting)
        {
            if (!receipts.TryGetValue(ticket, out var receipt)) continue;
            if (receipt.Kind == PushOutcomeKind.DeadToken) await devices.RemoveTokenAsync(receipt.Target, ct);
            read.Add((jobId, receipt.Kind is PushOutcomeKind.DeadToken or PushOutcomeKind.Failed ? $"Expo receipt: {receipt.Reason}" : null));
        }
        await queue.RecordReceiptsAsync(read, time.GetUtcNow(), ct);
    }
}

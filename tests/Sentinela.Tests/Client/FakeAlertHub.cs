using Microsoft.AspNetCore.SignalR;
using Sentinela.Client;

namespace Sentinela.Tests.Client;

/// <summary>The contract's hub methods, simply: every area matches every alert.</summary>
public sealed class FakeAlertHub(FakeAlertHubState state) : Hub
{
    public override Task OnConnectedAsync()
    {
        if (state.TakeRejection()) throw new HubException("Not now.");
        state.Connections[Context.ConnectionId] = Context;
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        state.Connections.TryRemove(Context.ConnectionId, out _);
        return Task.CompletedTask;
    }

    public async Task<WatchArea> Subscribe(WatchArea area)
    {
        await DropIfAskedAsync(nameof(Subscribe));
        var granted = area with { Id = string.IsNullOrWhiteSpace(area.Id) ? state.NextAreaId() : area.Id };
        state.Subscribes.Enqueue((Context.ConnectionId, granted));
        return granted;
    }

    public bool Unsubscribe(string id)
    {
        state.Unsubscribes.Enqueue(id);
        return true;
    }

    public void AckUpTo(long sequence) => state.Acks.Enqueue(sequence);

    public async Task<ResumeResult> Resume(long lastSequence)
    {
        await DropIfAskedAsync(nameof(Resume));
        state.Resumes.Enqueue(lastSequence);
        ResumeResult result;
        if (state.ReloadUpTo is { } upTo)
        {
            result = new ResumeResult { FromSequence = lastSequence, LastSequence = upTo, ReloadRequired = true };
        }
        else
        {
            var missed = state.Log.Where(a => a.Sequence > lastSequence).OrderBy(a => a.Sequence).ToList();
            foreach (var alert in missed) await Clients.Caller.SendAsync(state.AlertMethod, FakeAlertHubState.EventFor(alert, replayed: true));
            result = new ResumeResult
            {
                FromSequence = lastSequence,
                LastSequence = missed.Count > 0 ? missed[^1].Sequence : lastSequence,
                Replayed = missed.Count,
            };
        }
        if (state.SendResumedMessage) await Clients.Caller.SendAsync(state.ResumedMethod, result);
        return result;
    }

    /// <summary>A network failure in the middle of a call: the connection goes, and the call is never answered.</summary>
    async Task DropIfAskedAsync(string method)
    {
        if (!state.TakeDrop(method)) return;
        Context.Abort();
        await Task.Delay(Timeout.Infinite, Context.ConnectionAborted);
    }
}

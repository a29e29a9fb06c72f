using Microsoft.AspNetCore.SignalR;

namespace Sentinela.BareSignalR;

/// <summary>One hub, no authorization, no filters: each client acknowledges each event it receives.</summary>
public sealed class BareHub(AckCounter acks) : Hub
{
    public void Ack(long sequence) => acks.Add();
}

namespace Sentinela.BareSignalR;

/// <summary>How many acks the hub received, so a run can check every client answered.</summary>
public sealed class AckCounter
{
    long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Add() => Interlocked.Increment(ref _count);
}

namespace Sentinela.Server.Draining;

/// <summary>Whether this instance is on its way out: readiness fails and new hub connections are sent elsewhere.</summary>
public sealed class DrainState
{
    int _draining;
    int _hubsReleased;

    public bool IsDraining => Volatile.Read(ref _draining) != 0;

    /// <summary>The connected hub clients were asked to reconnect elsewhere; one arriving later is asked at once.</summary>
    public bool HubsReleased => Volatile.Read(ref _hubsReleased) != 0;

    /// <summary>True for the caller that started the drain, false for every later one.</summary>
    internal bool Begin() => Interlocked.Exchange(ref _draining, 1) == 0;

    internal void ReleaseHubs() => Volatile.Write(ref _hubsReleased, 1);
}

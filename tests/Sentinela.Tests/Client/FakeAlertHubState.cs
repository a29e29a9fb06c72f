using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Sentinela.Client;
using ServerAlerts = Sentinela.Server.Alerts;

namespace Sentinela.Tests.Client;

/// <summary>What the fake hub was asked, and the alert log it replays from.</summary>
public sealed class FakeAlertHubState
{
    public ConcurrentDictionary<string, HubCallerContext> Connections { get; } = new();
    public ConcurrentQueue<(string ConnectionId, WatchArea Area)> Subscribes { get; } = new();
    public ConcurrentQueue<string> Unsubscribes { get; } = new();
    public ConcurrentQueue<long> Acks { get; } = new();
    public ConcurrentQueue<long> Resumes { get; } = new();
    public ConcurrentQueue<ServerAlerts.OutbreakAlert> Log { get; } = new();

    /// <summary>The real hub sends "alert"; a typed Hub&lt;T&gt; would send "Alert". The SDK takes either.</summary>
    public string AlertMethod { get; set; } = "alert";
    public string ResumedMethod { get; set; } = "resumed";
    /// <summary>Answer every resume with ReloadRequired up to this sequence.</summary>
    public long? ReloadUpTo { get; set; }
    public bool SendResumedMessage { get; set; } = true;
    int _areas;
    int _rejections;
    readonly Lock _dropGate = new();
    string? _dropDuring;

    /// <summary>In the next call of this hub method ("Subscribe", "Resume"), drop the caller's connection instead of answering.</summary>
    public void DropDuringNext(string method)
    {
        lock (_dropGate) _dropDuring = method;
    }

    public bool TakeDrop(string method)
    {
        lock (_dropGate)
        {
            if (_dropDuring != method) return false;
            _dropDuring = null;
            return true;
        }
    }

    /// <summary>Fail the next connections in OnConnectedAsync: the server then closes them without allowing a reconnect.</summary>
    public void RejectNextConnections(int count) => Volatile.Write(ref _rejections, count);

    public bool TakeRejection()
    {
        while (true)
        {
            var left = Volatile.Read(ref _rejections);
            if (left <= 0) return false;
            if (Interlocked.CompareExchange(ref _rejections, left - 1, left) == left) return true;
        }
    }

    public string NextAreaId() => $"area-{Interlocked.Increment(ref _areas)}";

    public static object EventFor(ServerAlerts.OutbreakAlert alert, bool replayed, int attempt = 1) => new ServerShapedAlertEvent(
        alert.Sequence,
        alert.Status == ServerAlerts.AlertStatus.Resolved ? "resolved" : alert.Version == 1 ? "raised" : "updated",
        alert, replayed, attempt);

    /// <summary>The server's AlertEvent shape: the SDK's tests must not depend on it being public.</summary>
    public sealed record ServerShapedAlertEvent(long Sequence, string EventType, ServerAlerts.OutbreakAlert Alert, bool Replayed, int Attempt);
}

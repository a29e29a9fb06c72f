using System.Diagnostics;

namespace Sentinela.Server.Push;

/// <summary>Spans of push: enqueueing an alert's jobs (inside the alert's trace) and sending a batch.</summary>
public static class PushTracing
{
    public const string Name = "Sentinela.Push";
    public static readonly ActivitySource Source = new(Name);
}

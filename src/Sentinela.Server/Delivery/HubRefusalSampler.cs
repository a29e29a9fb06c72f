using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sentinela.Server.Delivery;

/// <summary>
/// Drops SignalR's log entry for a hub call or connection that threw a <see cref="HubException"/>: SignalR writes every
/// exception a hub throws at Error with its stack trace (2.5 KB), and a HubException is how this server refuses a call,
/// already logged by <see cref="HubRefusalLog"/>. Entries with any other exception are kept.
/// </summary>
public sealed class HubRefusalSampler : LoggingSampler
{
    public override bool ShouldSample<TState>(in LogEntry<TState> logEntry) =>
        logEntry.Exception is not HubException || !logEntry.Category.StartsWith("Microsoft.AspNetCore.SignalR", StringComparison.Ordinal);
}

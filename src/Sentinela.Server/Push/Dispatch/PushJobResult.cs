namespace Sentinela.Server.Push.Dispatch;

/// <summary>What became of a claimed job: sent, to retry at a time, or finished without sending (skipped, dead).</summary>
/// <param name="Token">The token the provider accepted, kept to act on a later receipt.</param>
public sealed record PushJobResult(long JobId, PushJobStatus Status, string? Reason = null, DateTimeOffset? RetryAt = null,
    string? Provider = null, string? ProviderMessageId = null, string? Token = null);

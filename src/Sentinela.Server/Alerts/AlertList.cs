namespace Sentinela.Server.Alerts;

/// <summary>
/// A page of alerts. <see cref="LastSequence"/> is the newest sequence in the log when the page was read: pass it back as
/// <c>sinceSequence</c> to receive only what changed (a delta). <see cref="NextBefore"/> pages further back.
/// </summary>
public sealed record AlertList(IReadOnlyList<OutbreakAlert> Items, long LastSequence, bool IsDelta, long? NextBefore);

namespace Sentinela.Server.Alerts;

/// <summary>
/// Body of POST /api/alerts/{id}/handling: the <c>state</c> to move to (acknowledged, verifying, confirmed, discarded,
/// closed) and a note, required for confirmed, discarded and closed.
/// </summary>
public sealed record AlertHandlingRequest(string? State, string? Note);

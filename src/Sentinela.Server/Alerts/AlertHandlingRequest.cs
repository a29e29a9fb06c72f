namespace Sentinela.Server.Alerts;

/// <summary>Body of POST /api/alerts/{id}/handling: <c>state</c> "acknowledged" or "investigating", an optional note.</summary>
public sealed record AlertHandlingRequest(string? State, string? Note);

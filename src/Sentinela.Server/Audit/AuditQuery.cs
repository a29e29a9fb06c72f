namespace Sentinela.Server.Audit;

/// <summary>Filters of the audit trail, newest first, paging backwards with <see cref="Before"/>.</summary>
public sealed record AuditQuery(string? Actor = null, string? Action = null, string? Target = null, long? Before = null, int Limit = 100);

using Sentinela.Server.Audit;

namespace Sentinela.Server.Storage;

/// <summary>The append-only audit trail.</summary>
public interface IAuditStore
{
    Task AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken ct);
    Task<IReadOnlyList<AuditEvent>> QueryAsync(AuditQuery query, CancellationToken ct);
}

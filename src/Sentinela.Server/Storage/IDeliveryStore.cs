using Sentinela.Server.Delivery;

namespace Sentinela.Server.Storage;

/// <summary>Delivery outcomes per alert version and connection (the push backup reads who did not acknowledge).</summary>
public interface IDeliveryStore
{
    /// <summary>Inserts or replaces records, keyed by (alert, version, connection).</summary>
    Task UpsertAsync(IReadOnlyList<DeliveryRecord> records, CancellationToken ct);

    Task<IReadOnlyList<DeliveryRecord>> ForAlertAsync(Guid alertId, CancellationToken ct);
}

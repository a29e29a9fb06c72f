using Sentinela.Server.Delivery;
using Sentinela.Server.Storage;

namespace Sentinela.Tests.Storage.Contracts;

/// <summary>IDeliveryStore: one record per (alert, version, connection), replaced by later outcomes.</summary>
public abstract class DeliveryStoreContract : StorageContract
{
    IDeliveryStore Store => Storage.Get<IDeliveryStore>();

    [Fact]
    public async Task A_later_outcome_replaces_the_record_of_the_same_delivery()
    {
        var alert = Guid.NewGuid();
        var delivered = new DeliveryRecord(alert, 1, 7, "user-a", "conn-1", DeliveryStatus.Delivered, 1, At());
        await Store.UpsertAsync([delivered], default);

        await Store.UpsertAsync([delivered with { Status = DeliveryStatus.Acked, Attempts = 2, AckedAt = At(1), Sequence = 99, DeliveredAt = At(5) }], default);

        var stored = Assert.Single(await Store.ForAlertAsync(alert, default));
        Assert.Equal(delivered with { Status = DeliveryStatus.Acked, Attempts = 2, AckedAt = At(1) }, stored);
    }

    [Fact]
    public async Task Several_outcomes_of_one_delivery_in_one_batch_leave_the_last()
    {
        var alert = Guid.NewGuid();
        var delivered = new DeliveryRecord(alert, 1, 7, "user-a", "conn-1", DeliveryStatus.Delivered, 1, At());
        var failed = delivered with { Status = DeliveryStatus.Failed, Attempts = 4, FailedAt = At(1), FailureReason = "no-ack" };

        await Store.UpsertAsync([delivered, failed], default);

        Assert.Equal([failed], await Store.ForAlertAsync(alert, default));
    }

    [Fact]
    public async Task Records_of_an_alert_are_listed_by_sequence_recipient_and_connection()
    {
        var alert = Guid.NewGuid();
        DeliveryRecord Record(int version, long sequence, string recipient, string connection) =>
            new(alert, version, sequence, recipient, connection, DeliveryStatus.Delivered, 1, At());
        var records = new[] { Record(2, 9, "b", "x"), Record(1, 4, "b", "a"), Record(1, 4, "a", "z"), Record(2, 9, "B", "y") };
        await Store.UpsertAsync(records, default);
        await Store.UpsertAsync([Record(1, 4, "a", "z") with { AlertId = Guid.NewGuid() }], default);

        var listed = await Store.ForAlertAsync(alert, default);

        Assert.Equal([(4L, "a", "z"), (4L, "b", "a"), (9L, "B", "y"), (9L, "b", "x")], listed.Select(r => (r.Sequence, r.Recipient, r.ConnectionId)));
    }
}

using System.Diagnostics;
using Sentinela.Server.Delivery;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Unit;

public sealed class PendingDeliveriesTests
{
    static readonly long Second = Stopwatch.Frequency;

    static AlertEvent Event(long sequence, int version = 1, Guid? id = null) =>
        AlertEvent.For(TestAlerts.Circle(ReferenceData.Municipalities.Find(3118601)!, 20) with { Id = id ?? Guid.NewGuid(), Version = version, Sequence = sequence });

    [Fact]
    public void A_cumulative_ack_settles_every_event_up_to_its_sequence_and_nothing_after()
    {
        var pending = new PendingDeliveries();
        foreach (var sequence in new long[] { 3, 5, 8 }) pending.Add(Event(sequence), 0, DateTimeOffset.UnixEpoch, null);

        var acked = new List<PendingDeliveries.Entry>();
        pending.AckUpTo(5, 10, acked);

        Assert.Equal([3L, 5L], acked.Select(a => a.Event.Sequence));
        Assert.Equal(1, pending.Count);
        Assert.Equal(5, pending.AckedUpTo);
        acked.Clear();
        pending.AckUpTo(5, 11, acked); // a duplicate ack
        Assert.Empty(acked);
    }

    [Fact]
    public void A_resend_replaces_its_entry_so_the_version_is_settled_once()
    {
        var pending = new PendingDeliveries();
        var first = Event(4);
        pending.Add(first, 0, DateTimeOffset.UnixEpoch, null);
        pending.Add(first with { Attempt = 2 }, Second, DateTimeOffset.UnixEpoch, null);

        var acked = new List<PendingDeliveries.Entry>();
        pending.AckUpTo(4, 2 * Second, acked);

        Assert.Equal(2, Assert.Single(acked).Event.Attempt);
    }

    [Fact]
    public void Nothing_is_due_while_the_connections_acks_still_advance()
    {
        var pending = new PendingDeliveries();
        pending.Add(Event(1), 0, DateTimeOffset.UnixEpoch, null);
        pending.Add(Event(2), 0, DateTimeOffset.UnixEpoch, null);
        var acked = new List<PendingDeliveries.Entry>();
        pending.AckUpTo(1, 4 * Second, acked);
        var due = new List<PendingDeliveries.Entry>();

        pending.Due(6 * Second, 5 * Second, due);
        Assert.Empty(due); // sent 6 s ago, but the client acked 2 s ago: busy, not lost

        pending.Due(9 * Second, 5 * Second, due);
        Assert.Equal(2, Assert.Single(due).Event.Sequence);
    }

    [Fact]
    public void Closing_takes_the_connections_own_pending_events()
    {
        var pending = new PendingDeliveries();
        pending.Add(Event(1), 0, DateTimeOffset.UnixEpoch, null);
        pending.Add(Event(2), 0, DateTimeOffset.UnixEpoch, null);

        Assert.Equal([1L, 2L], pending.TakeAll().Select(e => e.Event.Sequence));
        Assert.Equal(0, pending.Count);
    }
}

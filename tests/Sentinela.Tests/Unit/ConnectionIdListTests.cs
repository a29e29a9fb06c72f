using Sentinela.Server.Delivery;

namespace Sentinela.Tests.Unit;

public sealed class ConnectionIdListTests
{
    [Fact]
    public void Keeps_the_ids_in_order_and_answers_linq_contains_from_its_set()
    {
        IReadOnlyList<string> ids = new ConnectionIdList(["b", "a", "c"]);

        Assert.Equal(["b", "a", "c"], ids.ToArray());
        Assert.Equal(3, ids.Count);
        Assert.Equal("a", ids[1]);
        // SignalR's lifetime manager calls Enumerable.Contains on the IReadOnlyList it was given: it must reach the set.
        var collection = Assert.IsAssignableFrom<ICollection<string>>(ids);
        Assert.Contains("c", collection);
        Assert.DoesNotContain("C", collection);
        Assert.DoesNotContain("d", collection);
    }

    [Fact]
    public void Cannot_be_changed_through_the_collection_interface()
    {
        ICollection<string> ids = new ConnectionIdList(["a"]);

        Assert.True(ids.IsReadOnly);
        Assert.Throws<NotSupportedException>(() => ids.Add("b"));
        Assert.Throws<NotSupportedException>(() => ids.Remove("a"));
    }
}

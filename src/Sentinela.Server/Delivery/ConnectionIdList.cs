namespace Sentinela.Server.Delivery;

/// <summary>
/// The connection ids one alert goes to, for <c>IHubClients.Clients(...)</c>. SignalR's in-memory lifetime manager walks
/// every connection of the hub and asks the list whether it <c>Contains</c> each one; LINQ's Contains defers to
/// <see cref="ICollection{T}.Contains"/>, so answering from a hash set keeps a fan-out to N of M connections O(M) rather
/// than O(N × M) (10,000 connections: 10^8 string comparisons per alert version with a plain List).
/// </summary>
public sealed class ConnectionIdList : IReadOnlyList<string>, ICollection<string>
{
    readonly string[] _ids;
    readonly HashSet<string> _set;

    public ConnectionIdList(IEnumerable<string> ids)
    {
        _ids = [.. ids];
        _set = new HashSet<string>(_ids, StringComparer.Ordinal);
    }

    public int Count => _ids.Length;
    public string this[int index] => _ids[index];
    public bool IsReadOnly => true;
    public bool Contains(string item) => _set.Contains(item);
    public void CopyTo(string[] array, int arrayIndex) => _ids.CopyTo(array, arrayIndex);
    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_ids).GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    void ICollection<string>.Add(string item) => throw new NotSupportedException();
    void ICollection<string>.Clear() => throw new NotSupportedException();
    bool ICollection<string>.Remove(string item) => throw new NotSupportedException();
}

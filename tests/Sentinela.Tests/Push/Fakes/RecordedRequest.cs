namespace Sentinela.Tests.Push.Fakes;

/// <summary>A request as a fake provider received it.</summary>
public sealed record RecordedRequest(string Method, string Path, string Protocol, IReadOnlyDictionary<string, string> Headers, string Body,
    DateTimeOffset At = default)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

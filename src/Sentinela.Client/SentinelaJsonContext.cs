using System.Text.Json.Serialization;

namespace Sentinela.Client;

/// <summary>
/// Source-generated JSON metadata for every type the client reads or writes on the hub, built at compile time: a
/// process with thousands of connections pays no reflection per connection, nor on its first event.
/// </summary>
[JsonSerializable(typeof(AlertEvent))]
[JsonSerializable(typeof(Heartbeat))]
[JsonSerializable(typeof(ReconnectRequest))]
[JsonSerializable(typeof(ResumeResult))]
[JsonSerializable(typeof(WatchArea))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(string))]
internal sealed partial class SentinelaJsonContext : JsonSerializerContext;

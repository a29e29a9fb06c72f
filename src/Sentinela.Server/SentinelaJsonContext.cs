using System.Text.Json;
using System.Text.Json.Serialization;
using Sentinela.Server.Alerts;

namespace Sentinela.Server;

/// <summary>Source-generated metadata for the types Sentinela puts on the wire; conventions come from <see cref="SentinelaJson"/>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OutbreakAlert))]
[JsonSerializable(typeof(AlertList))]
[JsonSerializable(typeof(AlertDetails))]
[JsonSerializable(typeof(Delivery.AlertEvent))]
[JsonSerializable(typeof(Delivery.Heartbeat))]
[JsonSerializable(typeof(Delivery.ResumeResult))]
[JsonSerializable(typeof(Delivery.WatchArea))]
[JsonSerializable(typeof(IReadOnlyList<Delivery.DeliveryRecord>))]
[JsonSerializable(typeof(List<Delivery.DeliveryRecord>))]
public sealed partial class SentinelaJsonContext : JsonSerializerContext;

using System.Text.Json;
using System.Text.Json.Serialization;
using Sentinela.Server.Alerts;

namespace Sentinela.Server;

/// <summary>Source-generated JSON for the REST API and the stored alert payloads: camelCase, enums as strings.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
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

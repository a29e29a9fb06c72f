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
[JsonSerializable(typeof(Observability.RealtimeSummary))]
[JsonSerializable(typeof(Delivery.ResumeResult))]
[JsonSerializable(typeof(Delivery.WatchArea))]
[JsonSerializable(typeof(IReadOnlyList<Delivery.DeliveryRecord>))]
[JsonSerializable(typeof(List<Delivery.DeliveryRecord>))]
[JsonSerializable(typeof(Identity.LoginRequest))]
[JsonSerializable(typeof(Identity.RefreshRequest))]
[JsonSerializable(typeof(Identity.SessionTokens))]
[JsonSerializable(typeof(Identity.UserView))]
[JsonSerializable(typeof(IEnumerable<Identity.UserView>))]
[JsonSerializable(typeof(Identity.NewUser))]
[JsonSerializable(typeof(Identity.NewLab))]
[JsonSerializable(typeof(Identity.NewLabResponse))]
[JsonSerializable(typeof(Identity.IssuedApiKey))]
[JsonSerializable(typeof(IReadOnlyList<Identity.Laboratory>))]
[JsonSerializable(typeof(IReadOnlyList<Audit.AuditEvent>))]
[JsonSerializable(typeof(List<Audit.AuditEvent>))]
[JsonSerializable(typeof(Push.Devices.DeviceRegistration))]
[JsonSerializable(typeof(Push.Devices.Device))]
[JsonSerializable(typeof(IReadOnlyList<Push.Devices.Device>))]
[JsonSerializable(typeof(List<Push.Devices.Device>))]
[JsonSerializable(typeof(IReadOnlyList<Push.Dispatch.PushJob>))]
[JsonSerializable(typeof(List<Push.Dispatch.PushJob>))]
[JsonSerializable(typeof(AlertHandling))]
[JsonSerializable(typeof(AlertHandlingRequest))]
[JsonSerializable(typeof(Notifications.NotificationPreferences))]
[JsonSerializable(typeof(Notifications.NotificationPreferencesRequest))]
[JsonSerializable(typeof(Dashboard.DashboardConfig))]
[JsonSerializable(typeof(IReadOnlyList<Dashboard.MunicipalityPoint>))]
[JsonSerializable(typeof(IReadOnlyList<Dashboard.DensityPoint>))]
public sealed partial class SentinelaJsonContext : JsonSerializerContext;

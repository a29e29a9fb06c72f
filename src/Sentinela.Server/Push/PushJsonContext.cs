using System.Text.Json;
using System.Text.Json.Serialization;
using Sentinela.Server.Push.Apns;
using Sentinela.Server.Push.Expo;
using Sentinela.Server.Push.Fcm;
using Sentinela.Server.Push.WebPush;

namespace Sentinela.Server.Push;

/// <summary>Source-generated metadata for the provider wire bodies: camelCase unless a field says otherwise, nulls left out.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<ExpoMessage>))]
[JsonSerializable(typeof(ExpoSendResponse))]
[JsonSerializable(typeof(ExpoReceiptsRequest))]
[JsonSerializable(typeof(ExpoReceiptsResponse))]
[JsonSerializable(typeof(FcmSendRequest))]
[JsonSerializable(typeof(FcmSendResponse))]
[JsonSerializable(typeof(FcmErrorResponse))]
[JsonSerializable(typeof(GoogleTokenResponse))]
[JsonSerializable(typeof(ServiceAccountKeyFile))]
[JsonSerializable(typeof(ApnsPayload))]
[JsonSerializable(typeof(ApnsError))]
[JsonSerializable(typeof(WebPushPayload))]
internal sealed partial class PushJsonContext : JsonSerializerContext;

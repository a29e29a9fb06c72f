using System.Text.Json.Serialization;

namespace Sentinela.Server.Push.Fcm;

// FCM HTTP v1 bodies (https://firebase.google.com/docs/reference/fcm/rest/v1/projects.messages) and Google's OAuth token answer.

internal sealed record FcmSendRequest(FcmMessage Message);

internal sealed record FcmMessage(string Token, FcmNotification Notification, IReadOnlyDictionary<string, string> Data, FcmAndroidConfig Android, FcmApnsConfig Apns);

internal sealed record FcmNotification(string Title, string Body);

internal sealed record FcmAndroidConfig(
    string Priority,
    [property: JsonPropertyName("collapse_key")] string CollapseKey,
    string Ttl);

internal sealed record FcmApnsConfig(IReadOnlyDictionary<string, string> Headers);

internal sealed record FcmSendResponse(string? Name);

internal sealed record FcmErrorResponse(FcmError? Error);

internal sealed record FcmError(int Code, string? Message, string? Status, List<FcmErrorDetail>? Details);

internal sealed record FcmErrorDetail([property: JsonPropertyName("@type")] string? Type, string? ErrorCode);

internal sealed record GoogleTokenResponse(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("token_type")] string? TokenType);

/// <summary>The fields of a Google service account JSON key file that signing needs.</summary>
internal sealed record ServiceAccountKeyFile(
    [property: JsonPropertyName("project_id")] string? ProjectId,
    [property: JsonPropertyName("private_key_id")] string? PrivateKeyId,
    [property: JsonPropertyName("private_key")] string? PrivateKey,
    [property: JsonPropertyName("client_email")] string? ClientEmail,
    [property: JsonPropertyName("token_uri")] string? TokenUri);

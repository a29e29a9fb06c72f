namespace Sentinela.Server.Push.Devices;

/// <summary>The body of POST /api/devices: at least one token.</summary>
public sealed record DeviceRegistration(string? DeviceId, string? ExpoToken = null, string? FcmToken = null, string? ApnsToken = null)
{
    /// <summary>The device, or the reasons (by field) it cannot be registered.</summary>
    public (Device? Device, Dictionary<string, string[]> Errors) Validate(Guid userId, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(DeviceId) || DeviceId.Length > 100) errors["deviceId"] = ["Give the app installation's id (up to 100 characters)."];
        string? Check(string field, PushTokenKind kind, string? token)
        {
            if (token is null) return null;
            if (PushTarget.TryCreate(kind, token, out var target)) return target.Token;
            errors[field] = [$"Not a valid {kind} push token."];
            return null;
        }
        var (expo, fcm, apns) = (Check("expoToken", PushTokenKind.Expo, ExpoToken), Check("fcmToken", PushTokenKind.Fcm, FcmToken), Check("apnsToken", PushTokenKind.Apns, ApnsToken));
        if (ExpoToken is null && FcmToken is null && ApnsToken is null) errors["expoToken"] = ["Give at least one push token (Expo, FCM or APNs)."];
        return errors.Count > 0 ? (null, errors) : (new Device(DeviceId!, userId, expo, fcm, apns, now), errors);
    }
}

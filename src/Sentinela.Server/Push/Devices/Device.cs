using Sentinela.Server.Push.WebPush;

namespace Sentinela.Server.Push.Devices;

/// <summary>
/// A user's app installation: its id (chosen by the app, stable across token refreshes) and the push tokens it has —
/// Expo's, and its native FCM or APNs one for when Expo is down. A browser subscribed to Web Push is a device too, with
/// only <see cref="WebPush"/> (its id derived from the endpoint, see <see cref="WebPushSubscription.DeviceId"/>).
/// </summary>
public sealed record Device(string DeviceId, Guid UserId, string? ExpoToken, string? FcmToken, string? ApnsToken, DateTimeOffset UpdatedAt,
    WebPushSubscription? WebPush = null)
{
    public PushRecipient ToRecipient() => new(DeviceId, Targets().ToList());

    IEnumerable<PushTarget> Targets()
    {
        if (ExpoToken is not null) yield return PushTarget.Expo(ExpoToken);
        if (FcmToken is not null) yield return PushTarget.Fcm(FcmToken);
        if (ApnsToken is not null) yield return PushTarget.Apns(ApnsToken);
        if (WebPush is not null) yield return PushTarget.WebPush(WebPush);
    }
}

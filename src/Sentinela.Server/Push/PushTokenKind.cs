namespace Sentinela.Server.Push;

/// <summary>Which provider a device token belongs to.</summary>
public enum PushTokenKind
{
    /// <summary><c>ExponentPushToken[...]</c>, sent through Expo, which forwards to FCM or APNs.</summary>
    Expo,

    /// <summary>An FCM registration token, sent direct with FCM HTTP v1.</summary>
    Fcm,

    /// <summary>An APNs device token (hex), sent direct to Apple.</summary>
    Apns,

    /// <summary>A browser's Web Push subscription (endpoint URL and keys), sent direct to its push service.</summary>
    WebPush,
}

using Sentinela.Server.Push.Devices;

namespace Sentinela.Server.Push.WebPush;

/// <summary>The body of POST /api/webpush/subscriptions: what the browser's PushSubscription.toJSON() gives.</summary>
public sealed record WebPushRegistration(string? Endpoint, WebPushKeys? Keys, long? ExpirationTime = null)
{
    /// <summary>The browser as a device, or the reasons (by field) it cannot be registered.</summary>
    public (Device? Device, Dictionary<string, string[]> Errors) Validate(Guid userId, DateTimeOffset now, WebPushOptions options)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(Endpoint) || Endpoint.Length > WebPushSubscription.MaxEndpointLength || !options.Allows(Endpoint))
            errors["endpoint"] = [$"Give the push service URL of the subscription (a known push service, up to {WebPushSubscription.MaxEndpointLength} characters)."];
        if (!WebPushSubscription.KeysAreValid(Keys?.P256dh, Keys?.Auth))
            errors["keys"] = ["Give the subscription's keys: p256dh (a P-256 public key) and auth (16 bytes), base64url."];
        if (errors.Count > 0) return (null, errors);
        var subscription = new WebPushSubscription(Endpoint!, Keys!.P256dh!, Keys.Auth!);
        return (new Device(subscription.DeviceId, userId, null, null, null, now, subscription), errors);
    }
}

public sealed record WebPushKeys(string? P256dh, string? Auth);

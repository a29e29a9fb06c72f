using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Push.Apns;

/// <summary>Sentinela:Push:Apns — Apple Push Notification service with token-based (.p8) authentication.</summary>
public sealed class ApnsOptions
{
    /// <summary>https://api.push.apple.com; https://api.sandbox.push.apple.com for development builds.</summary>
    [Required, Url] public string BaseUrl { get; set; } = "https://api.push.apple.com";

    /// <summary>The app's bundle id (apns-topic).</summary>
    public string Topic { get; set; } = "";

    public string TeamId { get; set; } = "";
    public string KeyId { get; set; } = "";

    /// <summary>The .p8 signing key's contents, PEM; or <see cref="PrivateKeyFile"/>.</summary>
    public string PrivateKey { get; set; } = "";

    public string PrivateKeyFile { get; set; } = "";

    /// <summary>
    /// How long one provider token (JWT) is reused. Apple rejects tokens older than an hour and refreshes more often
    /// than every 20 minutes (TooManyProviderTokenUpdates).
    /// </summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(50);

    /// <summary>Concurrent requests (HTTP/2 streams) per batch.</summary>
    [Range(1, 256)] public int MaxParallelRequests { get; set; } = 16;

    /// <summary>Apple publishes no hard limit; a polite cap to raise once measured against production.</summary>
    [Range(1, 1_000_000)] public int MaxPerSecond { get; set; } = 1_000;
}

using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Push.WebPush;

/// <summary>Sentinela:Push:WebPush — Web Push (RFC 8030) to browsers, signed with VAPID (RFC 8292).</summary>
public sealed class WebPushOptions : IValidatableObject
{
    /// <summary>
    /// Who the push services contact about this server: a mailto: or https: URL (RFC 8292 "sub"). Set it to the
    /// operator's address; Apple's push service refuses placeholder domains.
    /// </summary>
    [Required] public string Subject { get; set; } = "mailto:operacao@sentinela.example";

    /// <summary>
    /// The VAPID key pair, base64url: the uncompressed P-256 public key (65 bytes) and its private scalar (32 bytes).
    /// Both empty: a pair is generated once and kept with the data (the secrets table), shared by every instance.
    /// </summary>
    public string PublicKey { get; set; } = "";

    public string PrivateKey { get; set; } = "";

    /// <summary>
    /// Hosts (or parent domains) a subscription's endpoint may point at: the browsers' push services. Anything else is
    /// refused at registration, so a user cannot make the server POST to an address of their choosing. Empty: the push
    /// services of Chrome/Edge (FCM), Firefox, Edge on Windows and Safari.
    /// </summary>
    public string[] EndpointHosts { get; set; } = [];

    /// <summary>The default list; not an initializer, which configuration binding would append to rather than replace.</summary>
    static readonly string[] KnownPushServices =
        ["fcm.googleapis.com", "push.services.mozilla.com", "notify.windows.com", "push.apple.com"];

    /// <summary>Endpoints must be https; off only for a local push service in tests.</summary>
    public bool RequireHttps { get; set; } = true;

    /// <summary>Concurrent requests per batch (one request per subscription).</summary>
    [Range(1, 256)] public int MaxParallelRequests { get; set; } = 16;

    /// <summary>The push services publish no limit; a polite cap for the dispatcher's rate limiter.</summary>
    [Range(1, 1_000_000)] public int MaxPerSecond { get; set; } = 1_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(Subject, UriKind.Absolute, out var subject) || subject.Scheme is not ("mailto" or "https"))
            yield return new("Subject must be a mailto: or https: URL.", [nameof(Subject)]);
        if (EndpointHosts.Any(string.IsNullOrWhiteSpace))
            yield return new("EndpointHosts has an empty entry.", [nameof(EndpointHosts)]);
        if (string.IsNullOrEmpty(PublicKey) != string.IsNullOrEmpty(PrivateKey))
            yield return new("Give both VAPID keys, or neither to have a pair generated.", [nameof(PublicKey), nameof(PrivateKey)]);
        else if (!string.IsNullOrEmpty(PrivateKey) && VapidKeys.Check(PublicKey, PrivateKey) is { } problem)
            yield return new(problem, [nameof(PublicKey), nameof(PrivateKey)]);
    }

    /// <summary>True when a subscription may use this endpoint: an absolute URL on one of <see cref="EndpointHosts"/>.</summary>
    public bool Allows(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || !RequireHttps && uri.Scheme == Uri.UriSchemeHttp)
        && string.IsNullOrEmpty(uri.UserInfo)
        && (EndpointHosts.Length > 0 ? EndpointHosts : KnownPushServices).Any(h => uri.Host.Equals(h, StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith("." + h, StringComparison.OrdinalIgnoreCase));
}

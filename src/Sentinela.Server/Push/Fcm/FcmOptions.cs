using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Push.Fcm;

/// <summary>
/// Sentinela:Push:Fcm — Firebase Cloud Messaging HTTP v1 with a service account: either the JSON key file Google hands
/// out (<see cref="ServiceAccountFile"/>) or its fields one by one; fields set here win over the file's.
/// </summary>
public sealed class FcmOptions
{
    [Required, Url] public string BaseUrl { get; set; } = "https://fcm.googleapis.com";

    /// <summary>Google's OAuth 2.0 token endpoint (the key file's token_uri).</summary>
    [Required, Url] public string TokenUri { get; set; } = "https://oauth2.googleapis.com/token";

    /// <summary>Path to the service account's JSON key file; empty to use the fields below.</summary>
    public string ServiceAccountFile { get; set; } = "";

    public string ProjectId { get; set; } = "";
    public string ClientEmail { get; set; } = "";

    /// <summary>The service account's RSA private key, PEM (PKCS#8, "-----BEGIN PRIVATE KEY-----").</summary>
    public string PrivateKey { get; set; } = "";

    public string PrivateKeyId { get; set; } = "";

    /// <summary>HTTP v1 takes one message per request, so a batch goes out as this many concurrent requests at most.</summary>
    [Range(1, 256)] public int MaxParallelRequests { get; set; } = 16;

    /// <summary>FCM's default quota is 600,000 messages per minute per project; for the dispatcher's rate limiter.</summary>
    [Range(1, 1_000_000)] public int MaxPerSecond { get; set; } = 10_000;
}

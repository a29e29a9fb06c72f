using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Push.Expo;

/// <summary>Sentinela:Push:Expo — Expo's push service.</summary>
public sealed class ExpoOptions
{
    [Required, Url] public string BaseUrl { get; set; } = "https://exp.host";

    /// <summary>Sent as a bearer token when the Expo project has "enhanced push security" on; empty otherwise.</summary>
    public string AccessToken { get; set; } = "";

    /// <summary>Android notification channel the app creates for alerts; empty for Expo's default channel.</summary>
    public string ChannelId { get; set; } = "";

    /// <summary>Expo documents 600 notifications per second per project; for the dispatcher's rate limiter.</summary>
    [Range(1, 100_000)] public int MaxPerSecond { get; set; } = 600;
}

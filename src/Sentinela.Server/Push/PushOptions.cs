using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Sentinela.Server.Push.Apns;
using Sentinela.Server.Push.Expo;
using Sentinela.Server.Push.Fcm;
using Sentinela.Server.Push.WebPush;

namespace Sentinela.Server.Push;

/// <summary>Sentinela:Push — the mobile and browser push providers behind the real-time channel.</summary>
public sealed class PushOptions
{
    public const string Section = "Sentinela:Push";

    /// <summary>How long a provider keeps an undelivered notification for an offline device.</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Sound played on arrival; "default" is the platform's.</summary>
    [Required] public string Sound { get; set; } = "default";

    [ValidateObjectMembers] public PushBreakerOptions Breaker { get; set; } = new();
    [ValidateObjectMembers] public ExpoOptions Expo { get; set; } = new();
    [ValidateObjectMembers] public FcmOptions Fcm { get; set; } = new();
    [ValidateObjectMembers] public ApnsOptions Apns { get; set; } = new();
    [ValidateObjectMembers] public WebPushOptions WebPush { get; set; } = new();
}

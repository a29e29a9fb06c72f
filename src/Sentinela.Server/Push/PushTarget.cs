using System.Text.RegularExpressions;
using Sentinela.Server.Push.WebPush;

namespace Sentinela.Server.Push;

/// <summary>
/// A device token and the provider it belongs to, checked for the shape that provider accepts. For Web Push the token is
/// the subscription's endpoint, and <see cref="Subscription"/> carries the keys the message is encrypted for.
/// </summary>
public sealed partial record PushTarget
{
    PushTarget(PushTokenKind kind, string token) => (Kind, Token) = (kind, token);

    public PushTokenKind Kind { get; }
    public string Token { get; }
    public WebPushSubscription? Subscription { get; private init; }

    public static PushTarget Expo(string token) => Create(PushTokenKind.Expo, token);
    public static PushTarget Fcm(string token) => Create(PushTokenKind.Fcm, token);
    public static PushTarget Apns(string token) => Create(PushTokenKind.Apns, token);
    public static PushTarget WebPush(WebPushSubscription subscription) => new(PushTokenKind.WebPush, subscription.Endpoint) { Subscription = subscription };

    public static PushTarget Create(PushTokenKind kind, string token) =>
        TryCreate(kind, token, out var target) ? target : throw new ArgumentException($"Not a valid {kind} push token.", nameof(token));

    public static bool TryCreate(PushTokenKind kind, string? token, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PushTarget? target)
    {
        var valid = token is not null && kind switch
        {
            PushTokenKind.Expo => ExpoToken().IsMatch(token),
            // FCM documents no format; these are opaque, a few hundred URL-safe characters.
            PushTokenKind.Fcm => token.Length is > 0 and <= 4096 && !token.Any(char.IsWhiteSpace),
            // 32 bytes today; Apple says not to rely on the length, so any even run of hex up to 100 bytes.
            PushTokenKind.Apns => token.Length is >= 2 and <= 200 && token.Length % 2 == 0 && token.All(char.IsAsciiHexDigit),
            // A subscription is more than a token: see WebPush(subscription).
            _ => false,
        };
        target = valid ? new PushTarget(kind, kind == PushTokenKind.Apns ? token!.ToLowerInvariant() : token!) : null;
        return valid;
    }

    public override string ToString() => $"{Kind}:{Token}";

    // Expo issues ExponentPushToken[...]; ExpoPushToken[...] is the older spelling it still accepts.
    [GeneratedRegex(@"^Expo(nent)?PushToken\[[^\]\s]+\]$")]
    private static partial Regex ExpoToken();
}

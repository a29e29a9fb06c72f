using System.Security.Cryptography;
using Sentinela.Server.Push;

namespace Sentinela.Tests.Push;

/// <summary>Alert messages and device tokens shaped like the real ones.</summary>
public static class PushSamples
{
    public static PushMessage Alert(PushPriority priority = PushPriority.Critical, int version = 1) => new(
        Guid.Parse("7d8f2a4e-1c3b-4e5f-9a6b-0c1d2e3f4a5b"), version,
        "Alerta de surto: Campinas (SP)",
        "Proporção de leucocitose acima do esperado em 50 km. Toque para ver os detalhes.",
        priority);

    public static PushTarget ExpoToken(int n) => PushTarget.Expo($"ExponentPushToken[xxxxxxxxxxxxxxxxxxx{n:D4}]");

    public static PushTarget FcmToken(int n) => PushTarget.Fcm($"fcm-registration-token-{n:D4}:APA91b{new string('x', 120)}");

    public static PushTarget ApnsToken(int n) => PushTarget.Apns(Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(n))));

    public static IReadOnlyList<PushTarget> Many(Func<int, PushTarget> token, int count) => Enumerable.Range(0, count).Select(token).ToList();
}

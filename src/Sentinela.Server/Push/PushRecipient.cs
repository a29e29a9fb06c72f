namespace Sentinela.Server.Push;

/// <summary>One device and the tokens it registered: an Expo token, and possibly its native FCM or APNs token too.</summary>
public sealed record PushRecipient(string DeviceId, IReadOnlyList<PushTarget> Targets);

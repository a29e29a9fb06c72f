namespace Sentinela.Server.Push.Expo;

/// <summary>An Expo ticket id and the token it was issued for; its receipt says whether the device was reached.</summary>
public sealed record PushTicket(string Id, PushTarget Target);

namespace Sentinela.Server.Push;

/// <summary>What became of a message for one device: the outcome of the route it took (the token is in the outcome).</summary>
public sealed record PushDelivery(PushRecipient Recipient, PushOutcome Outcome);

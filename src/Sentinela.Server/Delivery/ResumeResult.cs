namespace Sentinela.Server.Delivery;

/// <summary>
/// The end of a resume: which sequences were replayed. ReloadRequired means the client was too far behind to replay; it
/// must reload through REST (GET /api/alerts) and continue from LastSequence.
/// </summary>
public sealed record ResumeResult(long FromSequence, long LastSequence, int Replayed, bool ReloadRequired);

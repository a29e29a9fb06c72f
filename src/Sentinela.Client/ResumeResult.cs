namespace Sentinela.Client;

/// <summary>
/// The end of a resume (server method <c>resumed</c> and the result of <c>Resume</c>): which sequences were replayed.
/// <see cref="ReloadRequired"/> means the client was too far behind to replay: reload through REST (<c>GET /api/alerts</c>);
/// the client continues from <see cref="LastSequence"/>.
/// </summary>
public sealed record ResumeResult
{
    public long FromSequence { get; init; }
    public long LastSequence { get; init; }
    public int Replayed { get; init; }
    public bool ReloadRequired { get; init; }
}

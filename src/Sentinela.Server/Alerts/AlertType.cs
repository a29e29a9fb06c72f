namespace Sentinela.Server.Alerts;

/// <summary>An epidemiological signal, or an operational notice that a data feed went quiet (never an outbreak).</summary>
public enum AlertType
{
    Outbreak,
    FeedSilence,
}

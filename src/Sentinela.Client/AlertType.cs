namespace Sentinela.Client;

/// <summary>An epidemiological signal, or an operational notice that a data feed went quiet.</summary>
public enum AlertType
{
    Outbreak,
    FeedSilence,
}

using System.Globalization;
using Sentinela.Client;

namespace Sentinela.Watch;

/// <summary>How the watcher prints alerts and connection news: one line each, in Portuguese.</summary>
static class AlertLine
{
    const string TimeFormat = "dd/MM/yyyy HH:mm:ss";

    public static string For(AlertEvent e, TimeZoneInfo zone)
    {
        var alert = e.Alert;
        var at = TimeZoneInfo.ConvertTime(alert.ResolvedAt ?? alert.UpdatedAt, zone);
        var line = $"{at.ToString(TimeFormat, CultureInfo.InvariantCulture)}  {EventLabel(e.EventType),-10} " +
                   $"[{SeverityLabel(alert.Severity)}] {alert.Headline} (v{alert.Version}, seq {e.Sequence})";
        if (e.Replayed) line += "  [recuperado]";
        if (e.Attempt > 1) line += $"  [tentativa {e.Attempt}]";
        return line;
    }

    public static string For(ClientStateChange change) => change.State switch
    {
        ClientConnectionState.Connecting => "conectando…",
        ClientConnectionState.Connected => "conectado",
        ClientConnectionState.Reconnecting => change.Error is { } error ? $"reconectando ({error.Message})" : "reconectando…",
        _ => change.Error is { } error ? $"desconectado ({error.Message})" : "desconectado",
    };

    public static string For(ResumeResult result) => result.ReloadRequired
        ? $"histórico longo demais para reenviar: recarregue os alertas por GET /api/alerts; seguindo a partir da seq {result.LastSequence}"
        : $"retomado após a seq {result.FromSequence}: {result.Replayed} {(result.Replayed == 1 ? "evento recuperado" : "eventos recuperados")}, até a seq {result.LastSequence}";

    public static string Watching(WatchArea area)
    {
        var place = area switch
        {
            { MunicipalityCode: { } code } => $"município IBGE {code}",
            { State: { } uf } => $"estado {uf}",
            _ => string.Create(CultureInfo.InvariantCulture, $"raio de {area.RadiusKm} km em torno de ({area.Latitude}, {area.Longitude})"),
        };
        var events = area.EventTypes is { } types ? $" — eventos: {string.Join(", ", types.Select(EventLabel))}" : "";
        return $"observando {place}{events} (id {area.Id})";
    }

    public static string Status(string text, TimeZoneInfo zone) =>
        $"-- {TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).ToString("HH:mm:ss", CultureInfo.InvariantCulture)} {text}";

    static string EventLabel(string eventType) => eventType switch
    {
        AlertEventTypes.Raised => "novo",
        AlertEventTypes.Updated => "atualizado",
        AlertEventTypes.Resolved => "encerrado",
        _ => eventType,
    };

    static string SeverityLabel(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Moderate => "Moderado",
        AlertSeverity.High => "Alto",
        AlertSeverity.Critical => "Crítico",
        _ => severity.ToString(),
    };
}

using Sentinela.Server.Alerts;

namespace Sentinela.Server.Push.Dispatch;

/// <summary>The notification's words, in Brazilian Portuguese: the title says what happened and where, the body is the headline.</summary>
public static class PushText
{
    public static string Title(OutbreakAlert alert, bool escalated) =>
        $"{(alert.Type == AlertType.FeedSilence ? "Sem dados" : escalated ? "Surto agravado" : "Surto detectado")} — {alert.Area.PortugueseName}";

    public static PushPriority Priority(OutbreakAlert alert) =>
        alert.Severity == AlertSeverity.Critical ? PushPriority.Critical : PushPriority.Normal;
}

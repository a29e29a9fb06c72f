using System.Diagnostics;

namespace Sentinela.Server.Alerts;

/// <summary>Spans of the alert log append and of publishing on the bus.</summary>
public static class AlertsTracing
{
    public const string Name = "Sentinela.Alerts";
    public static readonly ActivitySource Source = new(Name);
}

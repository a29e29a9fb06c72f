namespace Sentinela.Server.Alerts;

/// <summary>What a health team has done about an alert: seen it, or opened an investigation.</summary>
public enum AlertHandlingState
{
    Acknowledged,
    Investigating,
}

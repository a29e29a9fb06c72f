namespace Sentinela.Server.Alerts;

public enum AlertStatus
{
    Active,
    Resolved,
}

namespace Sentinela.Server.Alerts;

public enum AreaKind
{
    Circle,
    Municipality,
    State,
}

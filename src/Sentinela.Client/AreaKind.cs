namespace Sentinela.Client;

/// <summary>The shape of an alert's area: a circle around a case, a municipality or a state.</summary>
public enum AreaKind
{
    Circle,
    Municipality,
    State,
}

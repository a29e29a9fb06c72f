namespace Sentinela.Client;

/// <summary>One municipality, or a cluster of neighbouring municipalities.</summary>
public enum AreaKind
{
    Municipality,
    Cluster,
}

namespace Sentinela.Client;

/// <summary>Which side of the reference range the abnormal results fall on.</summary>
public enum Direction
{
    Low,
    High,
}

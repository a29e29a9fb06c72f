namespace Sentinela.Server.Hemograms;

/// <summary>Which side of the reference range a value falls on.</summary>
public enum Direction
{
    Low,
    High,
}

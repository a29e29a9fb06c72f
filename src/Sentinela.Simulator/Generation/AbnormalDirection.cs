namespace Sentinela.Simulator.Generation;

/// <summary>Which side of the reference range an outbreak pushes a parameter to.</summary>
public enum AbnormalDirection
{
    Low,
    High,
}

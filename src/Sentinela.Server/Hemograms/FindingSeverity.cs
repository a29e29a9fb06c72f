namespace Sentinela.Server.Hemograms;

/// <summary>How far outside the range a value lies, relative to the violated limit.</summary>
public enum FindingSeverity
{
    Mild,
    Moderate,
    Severe,
}

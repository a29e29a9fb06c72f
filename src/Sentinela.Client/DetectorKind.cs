namespace Sentinela.Client;

/// <summary>Which collective detector raised the alert.</summary>
public enum DetectorKind
{
    Radius,
    MunicipalityWindow,
    StateWindow,
}

namespace Sentinela.Server.Analysis.Collective;

/// <summary>Which lens raised a signal: a circle around a case, or a municipality's or state's sliding window.</summary>
public enum DetectorKind
{
    Radius,
    MunicipalityWindow,
    StateWindow,
}

namespace Sentinela.Server.Storage;

/// <summary>One municipality's count for a <see cref="DensityQuery"/>: hemograms measuring the parameter, and how many were abnormal.</summary>
public sealed record HemogramDensity(int MunicipalityCode, int Total, int Abnormal);

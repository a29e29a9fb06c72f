namespace Sentinela.Server.Dashboard;

/// <summary>
/// One municipality of the choropleth: abnormal results observed in the window against what its learned baseline expects
/// for the tests it had, their ratio (null with no expectation) and the chance of at least that many under the baseline.
/// </summary>
public sealed record MunicipalityExcess(int MunicipalityCode, string Name, int Tests, int Observed, double Expected, double? Ratio, double PValue);

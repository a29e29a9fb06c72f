namespace Sentinela.Server.Dashboard;

/// <summary>One municipality of the heat map: hemograms measuring the parameter in the window, how many abnormal, at its centroid.</summary>
public sealed record DensityPoint(int MunicipalityCode, string Name, double Latitude, double Longitude, int Total, int Abnormal);

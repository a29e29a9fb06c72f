namespace Sentinela.Server.Dashboard;

/// <summary>A municipality as the map draws it: its IBGE code, name, state and centroid.</summary>
public sealed record MunicipalityPoint(int Code, string Name, int StateCode, string State, double Latitude, double Longitude, bool Capital);

namespace Sentinela.Server.Dashboard;

/// <summary>What the web app needs to know before drawing the map (GET /api/dashboard/config); nothing secret.</summary>
public sealed record DashboardConfig(string? TileUrl, string? TileAttribution);

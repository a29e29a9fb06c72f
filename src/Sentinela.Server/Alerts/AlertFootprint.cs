namespace Sentinela.Server.Alerts;

/// <summary>An alert with the municipalities (by centroid) and states its area reaches.</summary>
public sealed record AlertFootprint(OutbreakAlert Alert, IReadOnlySet<int> Municipalities, IReadOnlySet<int> States);

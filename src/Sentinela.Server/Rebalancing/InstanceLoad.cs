namespace Sentinela.Server.Rebalancing;

/// <summary>One live instance's hub connections, as it last published them.</summary>
public sealed record InstanceLoad(string Instance, int Connections);

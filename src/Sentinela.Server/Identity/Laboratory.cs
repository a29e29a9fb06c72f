namespace Sentinela.Server.Identity;

/// <summary>A laboratory that submits hemograms, with its CNES (national health facility code) when known.</summary>
public sealed record Laboratory(Guid Id, string Name, string? Cnes, DateTimeOffset CreatedAt, bool Disabled = false);

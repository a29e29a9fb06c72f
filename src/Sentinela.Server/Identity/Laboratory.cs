namespace Sentinela.Server.Identity;

/// <summary>
/// A laboratory that submits hemograms: its CNES (national health facility code) and municipality (7-digit IBGE code),
/// when known. A hemogram whose performer names this CNES, or that this laboratory submits, is placed in its municipality
/// when nothing more precise says where the patient is (docs/API.md, "Location").
/// </summary>
public sealed record Laboratory(Guid Id, string Name, string? Cnes, DateTimeOffset CreatedAt, bool Disabled = false, int? MunicipalityCode = null);

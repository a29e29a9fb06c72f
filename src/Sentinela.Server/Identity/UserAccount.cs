namespace Sentinela.Server.Identity;

/// <summary>A person who logs in with CPF and password. A laboratory user belongs to a <see cref="LabId"/>.</summary>
public sealed record UserAccount(
    Guid Id,
    Cpf Cpf,
    string Name,
    Role Role,
    Jurisdiction Jurisdiction,
    Guid? LabId,
    string PasswordHash,
    DateTimeOffset CreatedAt,
    bool Disabled = false);

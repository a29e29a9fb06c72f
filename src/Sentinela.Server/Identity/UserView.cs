namespace Sentinela.Server.Identity;

/// <summary>A user as the API shows them: CPF masked, no password hash.</summary>
public sealed record UserView(Guid Id, string Cpf, string Name, Role Role, string Jurisdiction, Guid? LabId, bool Disabled)
{
    public static UserView From(UserAccount u) => new(u.Id, u.Cpf.Masked, u.Name, u.Role, u.Jurisdiction.ToString(), u.LabId, u.Disabled);
}

using Microsoft.Extensions.Options;
using Sentinela.Geography;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Identity;

/// <summary>Creating users, laboratories and API keys, with the rules that make an account consistent.</summary>
public sealed class Accounts(IAccountStore store, IRefreshTokenStore refreshTokens, PasswordHasher passwords, MunicipalityTable municipalities, TimeProvider time,
    LaboratoryDirectory directory)
{
    /// <summary>The created user, or the reasons (by field) it cannot be created; <c>Duplicate</c> when the CPF has an account.</summary>
    public async Task<(UserAccount? User, Dictionary<string, string[]> Errors, bool Duplicate)> CreateUserAsync(NewUser request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Cpf.TryParse(request.Cpf, out var cpf)) errors["cpf"] = ["Not a valid CPF (11 digits with valid check digits)."];
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200) errors["name"] = ["Give a name of up to 200 characters."];
        if (request.Password is not { Length: >= PasswordHasher.MinPasswordLength and <= PasswordHasher.MaxPasswordLength })
            errors["password"] = [$"Use {PasswordHasher.MinPasswordLength} to {PasswordHasher.MaxPasswordLength} characters."];
        var jurisdiction = JurisdictionFor(request, errors);
        if (request.Role == Role.Laboratory && (request.LabId is not { } lab || await store.GetLabAsync(lab, ct) is null))
            errors["labId"] = ["A laboratory user needs the id of an existing laboratory."];
        if (errors.Count > 0) return (null, errors, false);

        var user = new UserAccount(Guid.CreateVersion7(), cpf, request.Name!.Trim(), request.Role, jurisdiction!,
            request.Role == Role.Laboratory ? request.LabId : null, passwords.Hash(request.Password!), time.GetUtcNow());
        return await store.AddUserAsync(user, ct) ? (user, errors, false) : (null, new() { ["cpf"] = ["A user with this CPF exists."] }, true);
    }

    public async Task<bool> DisableUserAsync(Guid id, CancellationToken ct)
    {
        if (!await store.SetUserDisabledAsync(id, true, ct)) return false;
        await refreshTokens.RevokeUserAsync(id, time.GetUtcNow(), ct);
        return true;
    }

    /// <summary>
    /// The registered laboratory, or the reasons (by field) it cannot be: a name of up to 200 characters, a CNES of 7
    /// digits and a municipality in the table (7-digit IBGE code, or RNDS's 6), both optional.
    /// </summary>
    public async Task<(Laboratory? Lab, Dictionary<string, string[]> Errors)> CreateLabAsync(NewLab request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 200) errors["name"] = ["Give a name of up to 200 characters."];
        var cnes = string.IsNullOrWhiteSpace(request.Cnes) ? null : request.Cnes.Trim();
        if (cnes is not null && !(cnes.Length == 7 && cnes.All(char.IsAsciiDigit))) errors["cnes"] = ["A CNES has 7 digits."];
        var municipality = request.MunicipalityCode is { } code ? municipalities.Find(code) : null;
        if (request.MunicipalityCode is not null && municipality is null)
            errors["municipalityCode"] = ["Give the laboratory's municipality as a known IBGE code (7 digits, or RNDS's 6)."];
        if (errors.Count > 0) return (null, errors);
        var lab = new Laboratory(Guid.CreateVersion7(), request.Name!.Trim(), cnes, time.GetUtcNow(), MunicipalityCode: municipality?.IbgeCode);
        await store.AddLabAsync(lab, ct);
        directory.Add(lab);
        return (lab, errors);
    }

    /// <summary>A new key for the lab; the key itself is returned once and only its hash is kept.</summary>
    public async Task<IssuedApiKey> CreateApiKeyAsync(Guid labId, CancellationToken ct)
    {
        var keyId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
        var key = SecretTokens.New($"snt_{keyId}_");
        var created = time.GetUtcNow();
        await store.AddApiKeyAsync(new LabApiKey(keyId, labId, SecretTokens.HashOf(key), created), ct);
        return new IssuedApiKey(labId, keyId, key, created);
    }

    Jurisdiction? JurisdictionFor(NewUser request, Dictionary<string, string[]> errors)
    {
        switch (request.Role)
        {
            case Role.Admin or Role.Laboratory:
                return Jurisdiction.Country;
            case Role.StateCoordinator when request.State is not null && BrazilianState.TryFind(request.State, out var uf):
                return Jurisdiction.OfState(uf.Code);
            case Role.StateCoordinator:
                errors["state"] = ["A state coordinator needs a state (UF abbreviation or IBGE state code)."];
                return null;
            case Role.MunicipalManager when request.MunicipalityCode is { } code && municipalities.Find(code) is not null:
                return Jurisdiction.OfMunicipality(code);
            default:
                errors["municipalityCode"] = ["A municipal manager needs a known 7-digit IBGE municipality code."];
                return null;
        }
    }
}

/// <summary>The body of POST /api/users.</summary>
public sealed record NewUser(string? Cpf, string? Name, string? Password, Role Role, string? State = null, int? MunicipalityCode = null, Guid? LabId = null);

/// <summary>An API key as issued: <see cref="Key"/> is shown this once.</summary>
public sealed record IssuedApiKey(Guid LabId, string KeyId, string Key, DateTimeOffset CreatedAt);

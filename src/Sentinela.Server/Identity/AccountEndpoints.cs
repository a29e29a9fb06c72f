using Microsoft.AspNetCore.Http.HttpResults;
using Sentinela.Server.Audit;
using Sentinela.Server.Limits;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Identity;

/// <summary>Administration of users, laboratories and their API keys. Administrators only.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api").WithTags("Administration")
            .RequireAuthorization(SentinelaPolicies.Administer).RequireRateLimiting(LimitsServiceCollectionExtensions.RestPolicy);
        admin.MapPost("/users", CreateUserAsync);
        admin.MapGet("/users", async (IAccountStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ListUsersAsync(ct)).Select(UserView.From)));
        admin.MapDelete("/users/{id:guid}", DisableUserAsync);
        admin.MapPost("/labs", CreateLabAsync);
        admin.MapGet("/labs", async (IAccountStore store, CancellationToken ct) => TypedResults.Ok(await store.ListLabsAsync(ct)));
        admin.MapPost("/labs/{id:guid}/keys", CreateKeyAsync);
        admin.MapDelete("/labs/{id:guid}/keys/{keyId}", RevokeKeyAsync);
        return app;
    }

    static async Task<Results<Created<UserView>, ValidationProblem, ProblemHttpResult>> CreateUserAsync(
        NewUser request, Accounts accounts, AuditTrail audit, HttpContext context, CancellationToken ct)
    {
        var (user, errors, duplicate) = await accounts.CreateUserAsync(request, ct);
        if (duplicate) return TypedResults.Problem(statusCode: 409, title: "User exists", detail: "A user with this CPF already exists.");
        if (user is null) return TypedResults.ValidationProblem(errors);
        audit.Record(AuditActions.UserCreated, context, user.Id.ToString(), $"{user.Role.ClaimValue()} {user.Jurisdiction}");
        return TypedResults.Created($"/api/users/{user.Id}", UserView.From(user));
    }

    static async Task<Results<NoContent, NotFound>> DisableUserAsync(Guid id, Accounts accounts, AuditTrail audit, HttpContext context, CancellationToken ct)
    {
        if (!await accounts.DisableUserAsync(id, ct)) return TypedResults.NotFound();
        audit.Record(AuditActions.UserDisabled, context, id.ToString());
        return TypedResults.NoContent();
    }

    static async Task<Results<Created<NewLabResponse>, ValidationProblem>> CreateLabAsync(NewLab request, Accounts accounts, AuditTrail audit, HttpContext context, CancellationToken ct)
    {
        var (lab, errors) = await accounts.CreateLabAsync(request, ct);
        if (lab is null) return TypedResults.ValidationProblem(errors);
        var key = await accounts.CreateApiKeyAsync(lab.Id, ct);
        audit.Record(AuditActions.LabCreated, context, lab.Id.ToString(), $"{lab.Name} CNES {lab.Cnes ?? "-"} IBGE {lab.MunicipalityCode?.ToString() ?? "-"}");
        audit.Record(AuditActions.ApiKeyCreated, context, lab.Id.ToString(), key.KeyId);
        return TypedResults.Created($"/api/labs/{lab.Id}", new NewLabResponse(lab, key));
    }

    static async Task<Results<Created<IssuedApiKey>, NotFound>> CreateKeyAsync(Guid id, Accounts accounts, IAccountStore store, AuditTrail audit, HttpContext context, CancellationToken ct)
    {
        if (await store.GetLabAsync(id, ct) is null) return TypedResults.NotFound();
        var key = await accounts.CreateApiKeyAsync(id, ct);
        audit.Record(AuditActions.ApiKeyCreated, context, id.ToString(), key.KeyId);
        return TypedResults.Created($"/api/labs/{id}/keys/{key.KeyId}", key);
    }

    static async Task<Results<NoContent, NotFound>> RevokeKeyAsync(Guid id, string keyId, IAccountStore store, ApiKeyCache keys, AuditTrail audit,
        TimeProvider time, HttpContext context, CancellationToken ct)
    {
        if (!await store.RevokeApiKeyAsync(id, keyId, time.GetUtcNow(), ct)) return TypedResults.NotFound();
        keys.Forget(keyId);
        audit.Record(AuditActions.ApiKeyRevoked, context, id.ToString(), keyId);
        return TypedResults.NoContent();
    }
}

/// <summary>The body of POST /api/labs: name, CNES (7 digits) and municipality (IBGE code).</summary>
public sealed record NewLab(string? Name, string? Cnes = null, int? MunicipalityCode = null);

/// <summary>A new laboratory with its first API key (shown this once).</summary>
public sealed record NewLabResponse(Laboratory Lab, IssuedApiKey ApiKey);

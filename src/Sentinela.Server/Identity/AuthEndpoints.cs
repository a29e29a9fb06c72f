using Microsoft.AspNetCore.Http.HttpResults;
using Sentinela.Server.Limits;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Identity;

/// <summary>POST /api/auth/login, /refresh, /logout and GET /api/auth/me.</summary>
public static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth").RequireRateLimiting(LimitsServiceCollectionExtensions.RestPolicy);
        auth.MapPost("/login", LoginAsync);
        auth.MapPost("/refresh", RefreshAsync);
        auth.MapPost("/logout", LogoutAsync);
        auth.MapGet("/me", MeAsync).RequireAuthorization();
        return auth;
    }

    static async Task<Results<Ok<SessionTokens>, ValidationProblem, ProblemHttpResult>> LoginAsync(LoginRequest request, Sessions sessions, HttpContext context, CancellationToken ct)
    {
        var result = await sessions.LoginAsync(request.Cpf, request.Password, ClientIp(context), ct);
        if (result.Tokens is { } tokens) return TypedResults.Ok(tokens);
        if (result.IsIncomplete)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [string.IsNullOrEmpty(request.Cpf) ? "cpf" : "password"] = ["Required."],
            });
        if (result.RetryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString();
            return TypedResults.Problem(statusCode: 429, title: "Too many failed logins", detail: "This address is blocked for a while after repeated failed logins.");
        }
        return TypedResults.Problem(statusCode: 401, title: "Invalid credentials", detail: "CPF or password is wrong, or the account is disabled.");
    }

    static async Task<Results<Ok<SessionTokens>, ProblemHttpResult>> RefreshAsync(RefreshRequest request, Sessions sessions, HttpContext context, CancellationToken ct) =>
        await sessions.RefreshAsync(request.RefreshToken, ClientIp(context), ct) is { } tokens
            ? TypedResults.Ok(tokens)
            : TypedResults.Problem(statusCode: 401, title: "Invalid refresh token", detail: "The refresh token is unknown, expired, revoked or already used; log in again.");

    static async Task<Results<NoContent, ProblemHttpResult>> LogoutAsync(RefreshRequest request, Sessions sessions, HttpContext context, CancellationToken ct) =>
        await sessions.LogoutAsync(request.RefreshToken, ClientIp(context), ct)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: 401, title: "Invalid refresh token", detail: "Nothing to log out with this token.");

    static async Task<Results<Ok<UserView>, ProblemHttpResult>> MeAsync(HttpContext context, IAccountStore accounts, CancellationToken ct) =>
        Guid.TryParse(context.User.SubjectOf(), out var id) && await accounts.GetUserAsync(id, ct) is { } user
            ? TypedResults.Ok(UserView.From(user))
            : TypedResults.Problem(statusCode: 404, title: "Not a user", detail: "This credential belongs to a laboratory API key, not a user.");

    static System.Net.IPAddress ClientIp(HttpContext context) => context.Connection.RemoteIpAddress ?? System.Net.IPAddress.None;
}

public sealed record LoginRequest(string? Cpf, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

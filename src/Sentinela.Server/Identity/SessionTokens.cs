namespace Sentinela.Server.Identity;

/// <summary>What a login or a refresh answers: a short-lived access token, its one-use refresh token, and the user.</summary>
public sealed record SessionTokens(
    string AccessToken,
    DateTimeOffset AccessTokenExpiresAt,
    string RefreshToken,
    DateTimeOffset RefreshTokenExpiresAt,
    UserView User);

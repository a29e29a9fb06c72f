using System.Net.Http.Json;
using System.Text.Json;

namespace Sentinela.Client;

/// <summary>
/// A logged-in user: logs in with CPF and password, hands out an access token that is refreshed (with the one-use
/// refresh token) a minute before it expires, and logs out. Pass <see cref="GetAccessTokenAsync"/> as
/// <see cref="SentinelaClientOptions.AccessTokenProvider"/> and HTTP calls can use it too.
/// </summary>
public sealed class SentinelaSession : IAsyncDisposable
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    readonly HttpClient _http;
    readonly SemaphoreSlim _refreshing = new(1, 1);
    Tokens _tokens;

    SentinelaSession(HttpClient http, Tokens tokens) => (_http, _tokens) = (http, tokens);

    public string UserName => _tokens.User.Name;

    public static async Task<SentinelaSession> LoginAsync(Uri serverUrl, string cpf, string password, CancellationToken ct = default)
    {
        var http = new HttpClient { BaseAddress = serverUrl };
        try
        {
            using var response = await http.PostAsJsonAsync("api/auth/login", new { cpf, password }, Json, ct);
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"Login failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}", null, response.StatusCode);
            return new SentinelaSession(http, (await response.Content.ReadFromJsonAsync<Tokens>(Json, ct))!);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    public async Task<string?> GetAccessTokenAsync()
    {
        if (_tokens.AccessTokenExpiresAt - DateTimeOffset.UtcNow > TimeSpan.FromMinutes(1)) return _tokens.AccessToken;
        await _refreshing.WaitAsync();
        try
        {
            if (_tokens.AccessTokenExpiresAt - DateTimeOffset.UtcNow > TimeSpan.FromMinutes(1)) return _tokens.AccessToken;
            using var response = await _http.PostAsJsonAsync("api/auth/refresh", new { refreshToken = _tokens.RefreshToken }, Json);
            response.EnsureSuccessStatusCode();
            _tokens = (await response.Content.ReadFromJsonAsync<Tokens>(Json))!;
            return _tokens.AccessToken;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var _ = await _http.PostAsJsonAsync("api/auth/logout", new { refreshToken = _tokens.RefreshToken }, Json);
        }
        catch (HttpRequestException)
        {
            // The server is gone; the refresh token expires on its own.
        }
        _http.Dispose();
        _refreshing.Dispose();
    }

    sealed record Tokens(string AccessToken, DateTimeOffset AccessTokenExpiresAt, string RefreshToken, DateTimeOffset RefreshTokenExpiresAt, SessionUser User);

    sealed record SessionUser(string Name);
}

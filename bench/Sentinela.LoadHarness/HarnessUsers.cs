using System.Net.Http.Headers;
using System.Net.Http.Json;
using Sentinela.Client;

namespace Sentinela.LoadHarness;

/// <summary>
/// Real accounts for the real-time clients, made the way an operator makes them: the administrator (created by the
/// script with <c>sentinela-server create-admin</c>) logs in and creates state coordinators through
/// <c>POST /api/users</c>, and each coordinator logs in with CPF and password. Connections are spread over them, so the
/// server's per-user connection limit is raised by the script to (clients / users), not switched off.
/// </summary>
public sealed class HarnessUsers : IAsyncDisposable
{
    readonly SentinelaSession[] _sessions;

    HarnessUsers(SentinelaSession[] sessions) => _sessions = sessions;

    public IReadOnlyList<SentinelaSession> Sessions => _sessions;

    /// <summary>The administrator's credentials come from SENTINELA_ADMIN_CPF and SENTINELA_ADMIN_PASSWORD.</summary>
    public static async Task<HarnessUsers> CreateAsync(Uri server, int count, string state, CancellationToken ct)
    {
        var adminCpf = Environment.GetEnvironmentVariable("SENTINELA_ADMIN_CPF");
        var adminPassword = Environment.GetEnvironmentVariable("SENTINELA_ADMIN_PASSWORD");
        if (string.IsNullOrEmpty(adminCpf) || string.IsNullOrEmpty(adminPassword))
            throw new InvalidOperationException("Set SENTINELA_ADMIN_CPF and SENTINELA_ADMIN_PASSWORD (an administrator made with sentinela-server create-admin).");

        await using var admin = await SentinelaSession.LoginAsync(server, adminCpf, adminPassword, ct);
        using var http = new HttpClient { BaseAddress = server };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await admin.GetAccessTokenAsync());
        // A fresh password per run; the accounts live only in the run's throwaway database.
        var password = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18));
        var runBase = Random.Shared.Next(100_000_000, 899_000_000);
        var cpfs = Enumerable.Range(0, count).Select(i => Cpf(runBase + i)).ToArray();

        // Creating and logging in each cost an Argon2id hash on the server: a few at a time.
        await Parallel.ForEachAsync(cpfs, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (cpf, token) =>
        {
            using var response = await http.PostAsJsonAsync("api/users",
                new { cpf, name = $"Carga {cpf[..4]}", password, role = "stateCoordinator", state }, token);
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"POST /api/users: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(token)}");
        });
        var sessions = new SentinelaSession[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
            async (i, token) => sessions[i] = await SentinelaSession.LoginAsync(server, cpfs[i], password, token));
        return new HarnessUsers(sessions);
    }

    /// <summary>A valid CPF (11 digits) from a 9-digit base: the two check digits of the Receita Federal's rule.</summary>
    static string Cpf(int nineDigits)
    {
        var digits = nineDigits.ToString("D9", System.Globalization.CultureInfo.InvariantCulture).Select(c => c - '0').ToList();
        for (var round = 0; round < 2; round++)
        {
            var sum = digits.Select((d, i) => d * (digits.Count + 1 - i)).Sum();
            digits.Add(sum * 10 % 11 % 10);
        }
        return string.Concat(digits);
    }

    /// <summary>
    /// Logs out, for a few seconds at most: after a surge the server may still be too busy to answer, and the
    /// refresh tokens die with the run's database anyway.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        var logouts = Task.WhenAll(_sessions.Select(s => s.DisposeAsync().AsTask()));
        await Task.WhenAny(logouts, Task.Delay(TimeSpan.FromSeconds(5)));
        _ = logouts.ContinueWith(t => t.Exception, TaskScheduler.Default);
    }
}

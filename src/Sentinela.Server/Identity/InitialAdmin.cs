using Microsoft.Extensions.Options;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Identity;

/// <summary>
/// Creates the first administrator from Sentinela:Identity:InitialAdmin when no administrator exists yet. There is no
/// default password: without a configured one, nothing is created and an operator uses the CLI (see README).
/// </summary>
public sealed class InitialAdmin(IOptions<IdentityOptions> options, IAccountStore store, Accounts accounts, ILogger<InitialAdmin> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var admin = options.Value.InitialAdmin;
        if (string.IsNullOrEmpty(admin.Cpf) || await store.AnyAdminAsync(ct)) return;
        var (user, errors, _) = await accounts.CreateUserAsync(new NewUser(admin.Cpf, admin.Name, admin.Password, Role.Admin), ct);
        if (user is null)
            throw new InvalidOperationException("Sentinela:Identity:InitialAdmin is invalid: " + string.Join("; ", errors.SelectMany(e => e.Value)));
        logger.LogInformation("Created the initial administrator {UserId}", user.Id);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

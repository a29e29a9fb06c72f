namespace Sentinela.Server.Identity;

/// <summary>
/// Command-line account setup against the configured storage, without starting the server:
///   sentinela-server create-admin --cpf 123.456.789-09 [--name "Maria"]   (password from SENTINELA_PASSWORD or stdin)
///   sentinela-server create-lab --name "Lab Central" [--cnes 1234567] [--municipality 3106200]   (prints the lab's API key once)
/// </summary>
public static class AccountCommands
{
    public static bool IsCommand(string[] args) => args is ["create-admin", ..] or ["create-lab", ..];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var accounts = services.GetRequiredService<Accounts>();
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        switch (args[0])
        {
            case "create-admin":
                var password = Environment.GetEnvironmentVariable("SENTINELA_PASSWORD") ?? Console.In.ReadLine();
                var (user, errors, _) = await accounts.CreateUserAsync(new NewUser(Option("--cpf"), Option("--name") ?? "Administrador", password, Role.Admin), default);
                if (user is null)
                {
                    foreach (var (field, messages) in errors) Console.Error.WriteLine($"{field}: {string.Join(" ", messages)}");
                    return 2;
                }
                Console.WriteLine($"Administrator {user.Id} created for CPF {user.Cpf.Masked}.");
                return 0;
            default:
                var municipality = Option("--municipality");
                if (municipality is not null && !int.TryParse(municipality, out _))
                {
                    Console.Error.WriteLine("municipality: give the IBGE code (7 digits).");
                    return 2;
                }
                var (lab, problems) = await accounts.CreateLabAsync(new NewLab(Option("--name"), Option("--cnes"),
                    municipality is null ? null : int.Parse(municipality, System.Globalization.CultureInfo.InvariantCulture)), default);
                if (lab is null)
                {
                    foreach (var (field, messages) in problems) Console.Error.WriteLine($"{field}: {string.Join(" ", messages)}");
                    return 2;
                }
                var key = await accounts.CreateApiKeyAsync(lab.Id, default);
                Console.WriteLine($"Laboratory {lab.Id} created. API key (shown once, send it as X-Api-Key):");
                Console.WriteLine(key.Key);
                return 0;
        }
    }
}

using System.Text;
using Microsoft.AspNetCore.SignalR;
using Sentinela.Client;
using Sentinela.Watch;
using Sentinela.Watch.Cli;

const int Failed = 1, BadArguments = 2;

WatchArguments arguments;
try
{
    arguments = WatchArguments.Parse(args, Environment.GetEnvironmentVariable("SENTINELA_TOKEN"));
    if (arguments.Help)
    {
        Console.WriteLine(HelpText.Usage);
        return 0;
    }
}
catch (FormatException e)
{
    Console.Error.WriteLine($"sentinela-watch: {e.Message}");
    Console.Error.WriteLine("Try 'sentinela-watch --help'.");
    return BadArguments;
}

Console.OutputEncoding = Encoding.UTF8;
var zone = TimeZoneInfo.Local;
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (stop.IsCancellationRequested) return; // a second Ctrl+C ends the process at once
    e.Cancel = true;
    stop.Cancel();
};

SentinelaSession? session = null;
if (arguments.Cpf is { } cpf)
{
    var password = Environment.GetEnvironmentVariable("SENTINELA_PASSWORD") ?? ReadPassword();
    try
    {
        session = await SentinelaSession.LoginAsync(arguments.Server, cpf, password, stop.Token);
    }
    catch (HttpRequestException e)
    {
        Console.Error.WriteLine($"sentinela-watch: login recusado: {e.Message}");
        return Failed;
    }
    Console.WriteLine(AlertLine.Status($"conectado como {session.UserName}", zone));
}

var options = new SentinelaClientOptions
{
    ServerUrl = arguments.Server,
    Protocol = arguments.Protocol,
    InitialSequence = arguments.FromSequence,
    AccessTokenProvider = session is not null ? session.GetAccessTokenAsync
        : arguments.Token is { } token ? () => Task.FromResult<string?>(token) : null,
};
if (arguments.Transports is { } transports) options.Transports = transports;

await using var client = new SentinelaAlertClient(options);
client.StateChanged += change => Console.WriteLine(AlertLine.Status(AlertLine.For(change), zone));
client.ResumeCompleted += result => Console.WriteLine(AlertLine.Status(AlertLine.For(result), zone));
client.AlertReceived += e => Console.WriteLine(AlertLine.For(e, zone));

Console.WriteLine(AlertLine.Status($"servidor {client.HubUrl} ({arguments.Protocol})", zone));
try
{
    await client.ConnectAsync(stop.Token);
    foreach (var area in arguments.Areas)
    {
        var granted = await SubscribeWhenConnectedAsync(client, area, stop.Token);
        Console.WriteLine(AlertLine.Status(AlertLine.Watching(granted), zone));
    }
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
}
catch (HubException e)
{
    Console.Error.WriteLine($"sentinela-watch: o servidor recusou: {e.Message}");
    return Failed;
}
await client.DisposeAsync();
if (session is not null) await session.DisposeAsync();
Console.WriteLine(AlertLine.Status("encerrado", zone));
return 0;

static string ReadPassword()
{
    Console.Error.Write("Senha: ");
    var password = new StringBuilder();
    while (!Console.IsInputRedirected && Console.ReadKey(intercept: true) is { Key: not ConsoleKey.Enter } key)
    {
        if (key.Key == ConsoleKey.Backspace && password.Length > 0) password.Length--;
        else if (!char.IsControl(key.KeyChar)) password.Append(key.KeyChar);
    }
    Console.Error.WriteLine();
    return Console.IsInputRedirected ? Console.In.ReadLine() ?? "" : password.ToString();
}

// The connection may drop between connecting and subscribing; the client reconnects by itself, so wait and try again.
static async Task<WatchArea> SubscribeWhenConnectedAsync(SentinelaAlertClient client, WatchArea area, CancellationToken ct)
{
    while (true)
    {
        try
        {
            return await client.SubscribeAsync(area, ct);
        }
        catch (Exception e) when (e is not HubException and not OperationCanceledException and not ArgumentException)
        {
            Console.Error.WriteLine($"sentinela-watch: inscrição não concluída ({e.Message}); tentando de novo");
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }
}

using System.Reflection;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;
using Sentinela.Server;
using Sentinela.Server.Alerts;
using Sentinela.Server.Analysis;
using Sentinela.Server.Analysis.Backtesting;
using Sentinela.Server.Dashboard;
using Sentinela.Server.Delivery;
using Sentinela.Server.Draining;
using Sentinela.Server.Geography;
using Sentinela.Server.Identity;
using Sentinela.Server.Ingestion;
using Sentinela.Server.Limits;
using Sentinela.Server.Notifications;
using Sentinela.Server.Observability;
using Sentinela.Server.Observability.Redaction;
using Sentinela.Server.Push;
using Sentinela.Server.Rebalancing;
using Sentinela.Server.Storage;

// Before the host exists: a backtest needs configuration and the pure pipeline, never a listener, storage or network.
if (BacktestCommand.IsCommand(args))
    return await BacktestCommand.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);

try
{
    return await RunAsync(args);
}
catch (OptionsValidationException e) when (Assembly.GetEntryAssembly() == typeof(Program).Assembly)
{
    // A configuration that cannot work stops the server before it listens, in one line. (A host embedding the server,
    // like the tests' WebApplicationFactory, gets the exception instead.)
    await Console.Error.WriteLineAsync($"sentinela-server: invalid configuration (settings read from {ServerContentRoot.Resolve(args)}): {e.Message}");
    return 2;
}

static async Task<int> RunAsync(string[] args)
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions
    {
        Args = ImportCommand.IsCommand(args) ? ImportCommand.SettingArguments(args) : args,
        ContentRootPath = ServerContentRoot.Resolve(args),
    });

    builder.AddLogRedaction();
    builder.Services.AddSingleton(TimeProvider.System);
    builder.Services.AddProblemDetails();
    // A parameter that does not bind ("?from=bad") reaches the UnhandledExceptionHandler as a BadHttpRequestException, so
    // its 400 says which parameter and why instead of an empty problem.
    builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
    builder.Services.ConfigureHttpJsonOptions(o => SentinelaJson.Configure(o.SerializerOptions));
    builder.Services.AddResponseCompression(o =>
    {
        o.EnableForHttps = true;
        o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Append("application/fhir+json");
    });
    builder.Services.AddGeography();
    builder.Services.AddStorage(builder.Configuration);
    builder.Services.AddIdentity();
    builder.Services.AddLimits();
    builder.Services.AddAnalysis();
    builder.Services.AddAlerts();
    builder.Services.AddIngestion();
    builder.Services.AddDelivery();
    builder.Services.AddPush();
    builder.Services.AddDashboard();
    builder.Services.AddDraining();
    builder.Services.AddRebalancing();
    builder.AddObservability();

    var app = builder.Build();

    if (StorageCommands.IsCommand(args))
        return await StorageCommands.RunAsync(app.Services, args);
    if (AccountCommands.IsCommand(args))
        return await AccountCommands.RunAsync(app.Services, args);
    if (ImportCommand.IsCommand(args))
        return await ImportCommand.RunAsync(app.Services, args, Console.Out, Console.Error, CancellationToken.None);

    // Every option validated now, before the host starts and logs a failure with a stack trace.
    app.Services.GetService<IStartupValidator>()?.Validate();

    app.UseExceptionHandler();
    app.UseClientAddress();
    app.UseMiddleware<StorageOutageMiddleware>();
    app.UseResponseCompression();
    app.UseDashboard();
    app.UseStatusCodePages();
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseLimits();
    app.MapIdentity();
    app.MapFhir();
    app.MapAlerts();
    app.MapDelivery();
    app.MapPush();
    app.MapDashboard();
    app.MapAlertHandling();
    app.MapAnalysis();
    app.MapNotificationPreferences();
    app.MapObservability();

    await app.RunAsync();
    return 0;
}

/// <summary>Entry point, public so integration tests can host it.</summary>
public partial class Program;

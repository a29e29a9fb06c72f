using Microsoft.AspNetCore.ResponseCompression;
using Sentinela.Server;
using Sentinela.Server.Alerts;
using Sentinela.Server.Analysis;
using Sentinela.Server.Analysis.Backtesting;
using Sentinela.Server.Dashboard;
using Sentinela.Server.Delivery;
using Sentinela.Server.Geography;
using Sentinela.Server.Identity;
using Sentinela.Server.Ingestion;
using Sentinela.Server.Limits;
using Sentinela.Server.Notifications;
using Sentinela.Server.Observability;
using Sentinela.Server.Observability.Redaction;
using Sentinela.Server.Push;
using Sentinela.Server.Storage;

// Before the host exists: a backtest needs configuration and the pure pipeline, never a listener, storage or network.
if (BacktestCommand.IsCommand(args))
    return await BacktestCommand.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);

var builder = WebApplication.CreateBuilder(args);

builder.AddLogRedaction();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddProblemDetails();
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
builder.AddObservability();

var app = builder.Build();

if (StorageCommands.IsCommand(args))
    return await StorageCommands.RunAsync(app.Services, args);
if (AccountCommands.IsCommand(args))
    return await AccountCommands.RunAsync(app.Services, args);

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

app.Run();
return 0;

/// <summary>Entry point, public so integration tests can host it.</summary>
public partial class Program;

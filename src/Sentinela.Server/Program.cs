using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.ResponseCompression;
using Sentinela.Server;
using Sentinela.Server.Alerts;
using Sentinela.Server.Analysis;
using Sentinela.Server.Delivery;
using Sentinela.Server.Geography;
using Sentinela.Server.Ingestion;
using Sentinela.Server.Storage.Embedded;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddProblemDetails();
builder.Services.ConfigureHttpJsonOptions(o => SentinelaJson.Configure(o.SerializerOptions));
builder.Services.AddResponseCompression(o =>
{
    o.EnableForHttps = true;
    o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Append("application/fhir+json");
});
builder.Services.AddGeography();
builder.Services.AddEmbeddedStorage();
builder.Services.AddAnalysis();
builder.Services.AddAlerts();
builder.Services.AddIngestion();
builder.Services.AddDelivery();

var app = builder.Build();

app.UseResponseCompression();
app.UseStatusCodePages();
app.MapFhir();
app.MapAlerts();
app.MapDelivery();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });

app.Run();

/// <summary>Entry point, public so integration tests can host it.</summary>
public partial class Program;

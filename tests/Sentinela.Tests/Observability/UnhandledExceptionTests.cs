using System.Net;
using System.Text.Json;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Observability;

/// <summary>The last resort: a fault nobody handled is a 500 with a correlation id, logged once at Error, the body never.</summary>
public sealed class UnhandledExceptionTests : IAsyncLifetime
{
    const string Secret = "corpo-secreto-do-pedido";

    /// <summary>A middleware that fails on /fhir/boom and /api/boom after reading the body, like a bug would.</summary>
    sealed class Faults : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use(async (context, following) =>
            {
                if (!context.Request.Path.Value!.EndsWith("/boom", StringComparison.Ordinal))
                {
                    await following(context);
                    return;
                }
                await new StreamReader(context.Request.Body).ReadToEndAsync();
                throw new InvalidOperationException("a bug");
            });
        };
    }

    readonly SentinelaFactory _factory = new(configure: web => web
        .ConfigureLogging(logging => logging.AddFakeLogging())
        .ConfigureServices(services => services.AddSingleton<IStartupFilter, Faults>()));

    public System.Threading.Tasks.Task InitializeAsync() => System.Threading.Tasks.Task.CompletedTask;

    public async System.Threading.Tasks.Task DisposeAsync() => await _factory.DisposeAndDeleteAsync();

    [Fact]
    public async System.Threading.Tasks.Task A_fault_under_fhir_is_a_500_OperationOutcome_with_a_correlation_id_logged_once()
    {
        var response = await _factory.CreateAnonymousClient().PostAsync("/fhir/boom", new StringContent(Secret));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var correlation = response.Headers.GetValues("X-Correlation-Id").Single();
        var outcome = Assert.IsType<OperationOutcome>(FhirBodies.Read(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(OperationOutcome.IssueType.Exception, outcome.Issue.Single().Code);
        Assert.Contains(correlation, outcome.Issue.Single().Diagnostics);
        var errors = _factory.Services.GetRequiredService<FakeLogCollector>().GetSnapshot().Where(r => r.Level >= LogLevel.Error).ToList();
        var logged = Assert.Single(errors);
        Assert.Contains(correlation, logged.Message);
        Assert.IsType<InvalidOperationException>(logged.Exception);
        Assert.DoesNotContain(Secret, logged.Message + logged.Exception);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_fault_elsewhere_is_a_500_problem_details_with_the_correlation_id()
    {
        var response = await _factory.CreateAnonymousClient().PostAsync("/api/boom", new StringContent(Secret));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(response.Headers.GetValues("X-Correlation-Id").Single(), problem.GetProperty("correlationId").GetString());
    }
}

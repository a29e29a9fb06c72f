using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Sentinela.Server.Audit;
using Sentinela.Server.Delivery;
using Sentinela.Server.Ingestion;

namespace Sentinela.Server.Identity;

public static class IdentityServiceCollectionExtensions
{
    /// <summary>Picks the scheme per request: an X-Api-Key header means a laboratory key, anything else a Bearer JWT.</summary>
    const string SelectorScheme = "Sentinela";

    public static IServiceCollection AddIdentity(this IServiceCollection services)
    {
        services.AddOptions<IdentityOptions>().BindConfiguration(IdentityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<AccessTokens>();
        // The distributed backend registers its Redis throttle first; embedded counts in memory.
        services.TryAddSingleton<ILoginThrottle, InMemoryLoginThrottle>();
        services.AddSingleton<Sessions>();
        services.AddSingleton<Accounts>();
        services.AddSingleton<LaboratoryDirectory>();
        services.AddHostedService<LaboratoryDirectoryRefresh>();
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton<ExpiredTokenHubFilter>();
        services.AddSingleton<AuditTrail>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditTrail>());
        services.AddHostedService<InitialAdmin>();

        services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "Bearer token or laboratory API key", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header) ? ApiKeyAuthenticationHandler.SchemeName : JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<AccessTokens, IOptions<DeliveryOptions>>((o, tokens, delivery) =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = tokens.ValidationParameters();
                o.Events = new JwtBearerEvents
                {
                    // Browsers cannot set headers on WebSocket and EventSource requests, so SignalR sends the token in the query.
                    OnMessageReceived = context =>
                    {
                        if (context.Request.Path.StartsWithSegments(delivery.Value.HubPath) && context.Request.Query["access_token"] is [{ } token])
                            context.Token = token;
                        return Task.CompletedTask;
                    },
                };
            });
        services.AddAuthorization(SentinelaPolicies.Add);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, FhirAuthorizationResultHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapIdentity(this IEndpointRouteBuilder app)
    {
        app.MapAuth();
        app.MapAccounts();
        app.MapAudit();
        return app;
    }
}

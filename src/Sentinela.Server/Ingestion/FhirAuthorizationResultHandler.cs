using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Sentinela.Server.Ingestion;

/// <summary>FHIR clients expect an OperationOutcome, not an empty body, when they are not authenticated or not allowed.</summary>
public sealed class FhirAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (!context.Request.Path.StartsWithSegments("/fhir") || result.Succeeded)
        {
            await _default.HandleAsync(next, context, policy, result);
            return;
        }
        if (result.Challenged)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer, ApiKey";
            await FhirResult.Outcome(401, IssueType.Login, "Authenticate: laboratories with the X-Api-Key header, users with a Bearer access token.").ExecuteAsync(context);
        }
        else
        {
            await FhirResult.Outcome(403, IssueType.Forbidden, "This account may not use this FHIR interaction.").ExecuteAsync(context);
        }
    }
}

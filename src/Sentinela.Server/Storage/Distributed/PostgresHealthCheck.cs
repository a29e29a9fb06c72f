using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sentinela.Server.Storage.Distributed;

/// <summary>Ready when PostgreSQL answers a query.</summary>
public sealed class PostgresHealthCheck(PostgresDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        try
        {
            await using var connection = await database.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1;";
            await command.ExecuteScalarAsync(ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is not answering", e);
        }
    }
}

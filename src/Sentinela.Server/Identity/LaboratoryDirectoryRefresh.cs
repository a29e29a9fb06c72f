using Microsoft.Extensions.Options;
using Sentinela.Server.Ingestion;
using Sentinela.Server.Storage;

namespace Sentinela.Server.Identity;

/// <summary>
/// Keeps <see cref="LaboratoryDirectory"/> current: loads it before the server takes requests, then every
/// LaboratoryRefresh, so a laboratory registered through another instance locates hemograms here within that interval.
/// </summary>
public sealed class LaboratoryDirectoryRefresh(LaboratoryDirectory directory, IAccountStore accounts, IOptions<IngestionOptions> options,
    TimeProvider clock, ILogger<LaboratoryDirectoryRefresh> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LaboratoryRefresh, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await LoadAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    async Task LoadAsync(CancellationToken ct)
    {
        try
        {
            directory.Replace(await accounts.ListLabsAsync(ct));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Storage away: the last snapshot keeps serving, and the next tick tries again.
            logger.LogWarning(e, "Could not reload the registered laboratories");
        }
    }
}

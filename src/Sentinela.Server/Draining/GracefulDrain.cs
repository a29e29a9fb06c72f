using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;
using Sentinela.Server.Delivery;

namespace Sentinela.Server.Draining;

/// <summary>
/// What SIGTERM starts (<see cref="DrainingLifetime"/>), in order, inside <see cref="DrainOptions.Budget"/>: readiness
/// fails and the balancer gets <see cref="DrainOptions.ReadinessGrace"/> to notice; hub clients are asked to reconnect
/// (they land on another instance and resume from their last sequence); Kestrel stops accepting and lets in-flight
/// requests finish; then the host stops its background services with what is left. Without it, SignalR dropped every
/// connection at the first instant and Kestrel cut requests after its own 30 s.
/// </summary>
public sealed class GracefulDrain(
    DrainState state,
    ReconnectRequests reconnects,
    ConnectionRegistry connections,
    IServer server,
    IHostApplicationLifetime lifetime,
    IOptions<HostOptions> hostOptions,
    IOptions<DrainOptions> options,
    ILogger<GracefulDrain> logger)
{
    public const string Reason = "draining";

    /// <summary>Starts the drain, or, if one is under way (a second SIGTERM), stops at once.</summary>
    public void Begin()
    {
        if (!state.Begin())
        {
            logger.LogWarning("Second stop signal while draining: stopping now.");
            lifetime.StopApplication();
            return;
        }
        _ = Task.Run(DrainAsync);
    }

    async Task DrainAsync()
    {
        var drain = options.Value;
        var started = Stopwatch.GetTimestamp();
        try
        {
            logger.LogInformation("Draining: readiness fails now; hub clients are asked to reconnect in {Grace}, the process exits within {Budget}.",
                drain.ReadinessGrace, drain.Budget);
            await Task.Delay(drain.ReadinessGrace, lifetime.ApplicationStopping);

            state.ReleaseHubs();
            var asked = await reconnects.AskAsync(connections.All.ToList(), Reason, drain.ReconnectSpread, lifetime.ApplicationStopping);
            logger.LogInformation("Draining: {Count} hub clients asked to reconnect elsewhere; waiting for in-flight requests.", asked);

            // Kestrel stops accepting and waits for the requests under way; what has not finished by then is cut.
            using var requests = new CancellationTokenSource(Max(Remaining(started, drain) - drain.ServiceStop, TimeSpan.Zero));
            await server.StopAsync(requests.Token);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "Draining failed; stopping now.");
        }
        // HostOptions is read when the host stops, which is next: the background services get what is left of the budget.
        hostOptions.Value.ShutdownTimeout = Max(Remaining(started, drain), drain.ServiceStop);
        lifetime.StopApplication();
    }

    static TimeSpan Remaining(long started, DrainOptions drain) => Max(drain.Budget - Stopwatch.GetElapsedTime(started), TimeSpan.Zero);

    static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

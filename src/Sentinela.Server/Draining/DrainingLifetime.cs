using System.Runtime.InteropServices;

namespace Sentinela.Server.Draining;

/// <summary>
/// Replaces the console lifetime's signal handling: SIGTERM (what service managers, Docker and Kubernetes send) drains
/// first (<see cref="GracefulDrain"/>) instead of stopping at once; SIGINT (Ctrl+C) and SIGQUIT stop at once as before.
/// The console lifetime cannot be told to leave SIGTERM alone, and every handler of a signal runs, so it is replaced.
/// </summary>
public sealed class DrainingLifetime(GracefulDrain drain, IHostApplicationLifetime lifetime, ILogger<DrainingLifetime> logger) : IHostLifetime, IDisposable
{
    readonly List<PosixSignalRegistration> _registrations = [];

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => logger.LogInformation("Application started. SIGTERM drains, Ctrl+C stops at once."));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    void OnSignal(PosixSignalContext context)
    {
        // The process must not end with the signal: the host ends it once stopped.
        context.Cancel = true;
        if (context.Signal == PosixSignal.SIGTERM) drain.Begin();
        else lifetime.StopApplication();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
    }
}

using System.Diagnostics;

namespace Sentinela.Server.Observability;

public static class ActivitySourceExtensions
{
    /// <summary>
    /// A span only inside an existing trace: for steps that also run in the background (start-up rebuild, timers, pollers),
    /// where a span of their own would flood the exporter with one-span traces.
    /// </summary>
    public static Activity? StartChildActivity(this ActivitySource source, string name, ActivityKind kind = ActivityKind.Internal) =>
        Activity.Current is null ? null : source.StartActivity(name, kind);
}

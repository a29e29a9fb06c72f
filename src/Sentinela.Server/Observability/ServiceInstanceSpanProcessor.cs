using System.Diagnostics;
using OpenTelemetry;

namespace Sentinela.Server.Observability;

/// <summary>
/// Gives each span the <see cref="ServiceInstance.Tag"/> of its in-process parent. The roots of an instance's work are
/// tagged where they start: the HTTP request (from the request's own services) and the bus consumer; every span under
/// them inherits it here. Idempotent, so every provider in a process may run it on every span.
/// </summary>
public sealed class ServiceInstanceSpanProcessor : BaseProcessor<Activity>
{
    public override void OnStart(Activity data)
    {
        if (data.GetTagItem(ServiceInstance.Tag) is null && data.Parent?.GetTagItem(ServiceInstance.Tag) is { } instance)
            data.SetTag(ServiceInstance.Tag, instance);
    }
}

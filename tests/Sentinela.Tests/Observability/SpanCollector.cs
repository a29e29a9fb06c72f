using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;

namespace Sentinela.Tests.Observability;

/// <summary>
/// Every span as it ends, into a queue a test can read while servers still add to it (the in-memory exporter's list is
/// not safe to read meanwhile).
/// </summary>
public sealed class SpanCollector(ConcurrentQueue<Activity> spans) : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data) => spans.Enqueue(data);
}

using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using Sentinela.Server.Observability;

namespace Sentinela.Server.Storage;

/// <summary>
/// Wraps a storage interface (IHemogramStore, IAlertStore, IPushQueue, …) so that every call that returns a task is timed
/// into <see cref="StorageMetrics"/> and, inside a trace, gets a span. One decorator for every store of every backend:
/// a PostgreSQL or Redis implementation is measured by the same instrument without a line of its own.
/// </summary>
/// <remarks>A <see cref="DispatchProxy"/> costs a reflective call (well under a microsecond) against I/O of milliseconds.</remarks>
public class TimedStore<TStore> : DispatchProxy where TStore : class
{
    TStore _inner = null!;
    StorageMetrics _metrics = null!;
    string _backend = "";
    string _prefix = "";

    public static TStore Wrap(TStore inner, StorageMetrics metrics)
    {
        var proxy = Create<TStore, TimedStore<TStore>>();
        var timed = (TimedStore<TStore>)(object)proxy;
        (timed._inner, timed._metrics) = (inner, metrics);
        timed._backend = FirstWord(inner.GetType().Name).ToLowerInvariant();
        // IHemogramStore → "hemogram", IPushQueue → "push_queue".
        timed._prefix = SnakeCase(Regex.Replace(typeof(TStore).Name[1..], "Store$", ""));
        return proxy;
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (!typeof(Task).IsAssignableFrom(method.ReturnType)) return Call(method, args);

        var operation = $"{_prefix}.{SnakeCase(method.Name.EndsWith("Async", StringComparison.Ordinal) ? method.Name[..^5] : method.Name)}";
        var span = StorageTracing.Source.StartChildActivity($"storage {operation}", ActivityKind.Client)
            ?.SetTag("db.system.name", _backend).SetTag("db.operation.name", operation);
        var started = Stopwatch.GetTimestamp();
        Task task;
        try
        {
            task = (Task)Call(method, args)!;
        }
        catch
        {
            Done(operation, started, span, ok: false);
            throw;
        }
        task.ContinueWith(t => Done(operation, started, span, t.IsCompletedSuccessfully), TaskContinuationOptions.ExecuteSynchronously);
        return task;
    }

    object? Call(MethodInfo method, object?[]? args)
    {
        try
        {
            return method.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    void Done(string operation, long started, Activity? span, bool ok)
    {
        _metrics.Record(_backend, operation, Stopwatch.GetElapsedTime(started), ok);
        if (span is null) return;
        if (!ok) span.SetStatus(ActivityStatusCode.Error);
        span.Dispose();
    }

    static string FirstWord(string name) => Regex.Match(name, "^[A-Z][a-z0-9]*").Value is { Length: > 0 } word ? word : name;

    static string SnakeCase(string name) => Regex.Replace(name, "(?<=[a-z0-9])([A-Z])", "_$1").ToLowerInvariant();
}

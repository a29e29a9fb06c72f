using System.Diagnostics;

namespace Sentinela.Server.Storage;

/// <summary>Spans of storage calls made inside a traced operation (e.g. "storage hemogram.append").</summary>
public static class StorageTracing
{
    public const string Name = "Sentinela.Storage";
    public static readonly ActivitySource Source = new(Name);
}

using Sentinela.Server.Alerts;

namespace Sentinela.Server.Storage;

/// <summary>What managers did about each alert (acknowledged, under investigation), oldest first.</summary>
public interface IAlertHandlingStore
{
    Task AppendAsync(AlertHandling handling, CancellationToken ct);

    Task<IReadOnlyList<AlertHandling>> ForAlertAsync(Guid alertId, CancellationToken ct);
}

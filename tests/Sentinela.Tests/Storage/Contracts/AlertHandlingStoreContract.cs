using Sentinela.Server.Alerts;
using Sentinela.Server.Storage;

namespace Sentinela.Tests.Storage.Contracts;

/// <summary>IAlertHandlingStore: what managers did about an alert, oldest first.</summary>
public abstract class AlertHandlingStoreContract : StorageContract
{
    IAlertHandlingStore Store => Storage.Get<IAlertHandlingStore>();

    [Fact]
    public async Task Steps_on_an_alert_are_listed_oldest_first()
    {
        var (alert, user) = (Guid.NewGuid(), Guid.NewGuid());
        var steps = new[]
        {
            new AlertHandling(alert, 1, AlertHandlingState.Acknowledged, null, user, "Ana", At(1)),
            new AlertHandling(alert, 2, AlertHandlingState.Investigating, "Equipe enviada", user, "Ana", At(0)),
        };
        foreach (var step in steps) await Store.AppendAsync(step, default);
        await Store.AppendAsync(steps[0] with { AlertId = Guid.NewGuid() }, default);

        Assert.Equal(steps, await Store.ForAlertAsync(alert, default));
        Assert.Empty(await Store.ForAlertAsync(Guid.NewGuid(), default));
    }
}

using Sentinela.Server.Alerts;
using Sentinela.Server.Alerts.Workflow;
using Sentinela.Server.Storage;

namespace Sentinela.Tests.Storage.Contracts;

/// <summary>IAlertHandlingStore: the workflow's steps on an alert, in step order, one per step number; escalations claimed once.</summary>
public abstract class AlertHandlingStoreContract : StorageContract
{
    IAlertHandlingStore Store => Storage.Get<IAlertHandlingStore>();

    [Fact]
    public async Task Steps_on_an_alert_are_listed_in_step_order()
    {
        var (alert, user) = (Guid.NewGuid(), Guid.NewGuid());
        var steps = new[]
        {
            new AlertHandling(alert, 1, AlertHandlingState.Acknowledged, null, user, "Ana", At(1), 1),
            new AlertHandling(alert, 2, AlertHandlingState.Verifying, "Equipe enviada", user, "Ana", At(0), 2),
        };
        foreach (var step in steps) Assert.True(await Store.TryAppendAsync(step, default));
        Assert.True(await Store.TryAppendAsync(steps[0] with { AlertId = Guid.NewGuid() }, default));

        Assert.Equal(steps, await Store.ForAlertAsync(alert, default));
        Assert.Empty(await Store.ForAlertAsync(Guid.NewGuid(), default));
    }

    [Fact]
    public async Task A_second_step_with_the_same_number_is_refused_and_not_stored()
    {
        var alert = Guid.NewGuid();
        var first = new AlertHandling(alert, 1, AlertHandlingState.Acknowledged, null, Guid.NewGuid(), "Ana", At(), 1);

        Assert.True(await Store.TryAppendAsync(first, default));
        Assert.False(await Store.TryAppendAsync(first with { UserId = Guid.NewGuid(), UserName = "Bia", At = At(1) }, default));

        Assert.Equal([first], await Store.ForAlertAsync(alert, default));
    }

    [Fact]
    public async Task Steps_of_several_alerts_are_read_together_grouped_by_alert()
    {
        var (a, b, none) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var user = Guid.NewGuid();
        var ofA = new AlertHandling(a, 1, AlertHandlingState.Acknowledged, null, user, "Ana", At(), 1);
        var ofB = new[]
        {
            new AlertHandling(b, 3, AlertHandlingState.Acknowledged, null, user, "Ana", At(2), 1),
            new AlertHandling(b, 3, AlertHandlingState.Verifying, null, user, "Ana", At(3), 2),
        };
        foreach (var step in ofB.Reverse().Prepend(ofA)) await Store.TryAppendAsync(step, default);

        var read = await Store.ForAlertsAsync([a, b, none], default);

        Assert.Equal([ofA], read[a]);
        Assert.Equal(ofB, read[b]);
        Assert.False(read.ContainsKey(none));
    }

    [Fact]
    public async Task An_alert_is_escalated_once_whoever_claims_it()
    {
        var alert = Guid.NewGuid();
        var escalation = new AlertEscalation(alert, 2, At(5), 3);

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            Store.TryClaimEscalationAsync(escalation with { At = At(5 + i) }, default)));

        Assert.Single(claims, c => c);
        var stored = await Store.EscalationsAsync([alert, Guid.NewGuid()], default);
        Assert.Equal(alert, Assert.Single(stored).Key);
        Assert.Equal((2, 3), (stored[alert].AlertVersion, stored[alert].Coordinators));
    }

    [Fact]
    public async Task Escalations_since_a_time_are_listed_oldest_first()
    {
        var (early, late, before) = (new AlertEscalation(Guid.NewGuid(), 1, At(10), 1), new AlertEscalation(Guid.NewGuid(), 2, At(20), 0),
            new AlertEscalation(Guid.NewGuid(), 1, At(5), 2));
        foreach (var e in new[] { late, before, early }) await Store.TryClaimEscalationAsync(e, default);

        Assert.Equal([early, late], await Store.EscalationsSinceAsync(At(5), default));
        Assert.Empty(await Store.EscalationsSinceAsync(At(20), default));
    }
}

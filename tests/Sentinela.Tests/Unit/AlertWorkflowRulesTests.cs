using Sentinela.Server.Alerts;
using Sentinela.Server.Alerts.Evidence;
using Sentinela.Server.Alerts.Workflow;

namespace Sentinela.Tests.Unit;

/// <summary>The workflow's pure parts: transitions, the clock, the KPIs on known timestamps, CSV cells.</summary>
public sealed class AlertWorkflowRulesTests
{
    static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_workflow_runs_received_acknowledged_verifying_then_confirmed_or_discarded_then_closed()
    {
        Assert.Equal([AlertHandlingState.Acknowledged], AlertWorkflow.Next(AlertHandlingState.Received));
        Assert.Equal([AlertHandlingState.Verifying], AlertWorkflow.Next(AlertHandlingState.Acknowledged));
        Assert.Equal([AlertHandlingState.Confirmed, AlertHandlingState.Discarded], AlertWorkflow.Next(AlertHandlingState.Verifying));
        Assert.Equal([AlertHandlingState.Closed], AlertWorkflow.Next(AlertHandlingState.Confirmed));
        Assert.Equal([AlertHandlingState.Closed], AlertWorkflow.Next(AlertHandlingState.Discarded));
        Assert.Empty(AlertWorkflow.Next(AlertHandlingState.Closed));
    }

    [Fact]
    public void Kpis_count_each_step_within_24_hours_among_the_alerts_whose_outcome_is_known_and_take_medians()
    {
        var clocks = new[]
        {
            // Acknowledged after 1 h, verified (confirmed) after 5 h, closed after 30 h.
            Clock(hoursAgo: 48, ack: 1, verify: 5, close: 30, AlertHandlingState.Confirmed),
            // Acknowledged after 3 h, discarded after 26 h: verification missed the mark.
            Clock(hoursAgo: 40, ack: 3, verify: 26, close: null, AlertHandlingState.Discarded),
            // Raised 30 h ago, never acknowledged, escalated: a miss for every step.
            Clock(hoursAgo: 30, ack: null, verify: null, close: null, null) with { EscalatedAt = Now.AddHours(-29) },
            // Raised 2 h ago, acknowledged after 1 h: verification still has time, so it is not counted yet.
            Clock(hoursAgo: 2, ack: 1, verify: null, close: null, null),
        };

        var kpis = AlertKpis.Compute(Now.AddDays(-7), Now, clocks, Now);

        Assert.Equal((4, 1, 1, 1), (kpis.Alerts, kpis.Escalated, kpis.Confirmed, kpis.Discarded));
        Assert.Equal(new StepKpi(3, 3, 4, 0.75, TimeSpan.FromHours(1).TotalSeconds), kpis.Acknowledge);
        Assert.Equal(new StepKpi(2, 1, 3, 1.0 / 3, TimeSpan.FromHours(15.5).TotalSeconds), kpis.Verify);
        Assert.Equal(new StepKpi(1, 0, 3, 0, TimeSpan.FromHours(30).TotalSeconds), kpis.Close);
        Assert.Equal((1, 1, 1, 1), (kpis.ByState["closed"], kpis.ByState["discarded"], kpis.ByState["received"], kpis.ByState["acknowledged"]));
    }

    [Fact]
    public void Kpis_of_no_alerts_have_no_shares_and_no_medians()
    {
        var kpis = AlertKpis.Compute(Now.AddDays(-1), Now, [], Now);

        Assert.Equal(new StepKpi(0, 0, 0, null, null), kpis.Verify);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("-19.93", "-19.93")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("platelets low", "platelets low")]
    [InlineData(null, "")]
    public void Csv_cells_never_start_a_formula_and_quote_what_rfc_4180_asks(string? value, string cell) =>
        Assert.Equal(cell, EvidenceCsv.Cell(value));

    [Theory]
    [InlineData("00:00:00", "01:00:00", "1.00:00:00")]
    [InlineData("01:00:00", "00:00:00", "1.00:00:00")]
    [InlineData("01:00:00", "00:01:00", "01:00:00")]
    public void Escalation_settings_that_could_never_work_are_refused(string acknowledgeWithin, string interval, string maxAge)
    {
        var options = new EscalationOptions
        {
            AcknowledgeWithin = TimeSpan.Parse(acknowledgeWithin),
            Interval = TimeSpan.Parse(interval),
            MaxAlertAge = TimeSpan.Parse(maxAge),
        };

        Assert.NotEmpty(options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)));
    }

    static AlertClock Clock(double hoursAgo, double? ack, double? verify, double? close, AlertHandlingState? outcome)
    {
        var raised = Now.AddHours(-hoursAgo);
        var state = close is not null ? AlertHandlingState.Closed : outcome ?? (ack is not null ? AlertHandlingState.Acknowledged : AlertHandlingState.Received);
        return new AlertClock(raised, ack is { } k ? raised.AddHours(k) : null, null,
            verify is { } v ? raised.AddHours(v) : null, close is { } c ? raised.AddHours(c) : null, null, state, outcome);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server;
using Sentinela.Server.Alerts;
using Sentinela.Server.Alerts.Workflow;
using Sentinela.Server.Audit;
using Sentinela.Server.Identity;
using Sentinela.Server.Storage;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Observability;
using static Sentinela.Tests.Dashboard.Clients;

namespace Sentinela.Tests.Alerts;

/// <summary>
/// POST /api/alerts/{id}/handling through the workflow received → acknowledged → verifying → confirmed | discarded →
/// closed: stored with step numbers, shown with the details and their clock, audited, guarded (409 with a code for a
/// step the workflow does not allow, jurisdiction, validation).
/// </summary>
public sealed class AlertWorkflowTests : ServerTest
{
    [Fact]
    public async Task A_manager_takes_an_alert_from_received_to_closed_and_the_details_show_each_step_and_the_clock()
    {
        var alert = await Outbreaks.PlateletsLowInContagemAsync(Http);
        using var manager = Manager(Factory, Contagem, "gestora-contagem");
        var url = $"/api/alerts/{alert.Id}/handling";

        var received = (await manager.GetFromJsonAsync<AlertDetails>($"/api/alerts/{alert.Id}", SentinelaJson.Options))!;
        var answers = new List<HttpResponseMessage>
        {
            await manager.PostAsync(url, Json("""{"state":"acknowledged"}""")),
            await manager.PostAsync(url, Json("""{"state":"verifying","note":"Equipe enviada"}""")),
            await manager.PostAsync(url, Json("""{"state":"confirmed","note":"Surto confirmado pela vigilância"}""")),
            await manager.PostAsync(url, Json("""{"state":"closed","note":"Medidas de controle concluídas"}""")),
        };
        var details = (await manager.GetFromJsonAsync<AlertDetails>($"/api/alerts/{alert.Id}", SentinelaJson.Options))!;

        Assert.Equal(AlertHandlingState.Received, received.Clock!.State);
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        Assert.Equal([AlertHandlingState.Acknowledged, AlertHandlingState.Verifying, AlertHandlingState.Confirmed, AlertHandlingState.Closed],
            details.Handling!.Select(h => h.State));
        Assert.Equal([1, 2, 3, 4], details.Handling!.Select(h => h.Step));
        Assert.All(details.Handling!, h => Assert.Equal((SentinelaFactory.UserId("gestora-contagem"), "gestora-contagem"), (h.UserId, h.UserName)));
        var clock = details.Clock!;
        Assert.Equal((AlertHandlingState.Closed, AlertHandlingState.Confirmed), (clock.State, clock.VerifiedAs));
        Assert.Equal([details.Handling![0].At, details.Handling[2].At, details.Handling[3].At], [clock.AcknowledgedAt!.Value, clock.VerifiedAt!.Value, clock.ClosedAt!.Value]);
        Assert.Equal(alert.RaisedAt, clock.RaisedAt);
        Assert.True(clock.TimeToAcknowledge >= TimeSpan.Zero && clock.TimeToAcknowledge <= clock.TimeToVerify && clock.TimeToVerify <= clock.TimeToClose);
        await Factory.Services.GetRequiredService<AuditTrail>().FlushAsync(default);
        var audited = await Factory.Services.GetRequiredService<IAuditStore>().QueryAsync(
            new AuditQuery(Action: AuditActions.AlertHandled, Target: alert.Id.ToString()), default);
        Assert.Equal(["Received->Acknowledged", "Acknowledged->Verifying", "Verifying->Confirmed", "Confirmed->Closed"],
            audited.Reverse().Select(a => a.Detail!.Split(' ')[0]));
        using var scraper = Factory.CreateAnonymousClient();
        var metrics = new PrometheusText(await scraper.GetStringAsync("/metrics"));
        Assert.Equal(1, metrics.Sum("sentinela_alert_time_to_acknowledge_seconds_count", ("state", "MG")));
        Assert.Equal(1, metrics.Sum("sentinela_alert_time_to_verify_seconds_count", ("state", "MG"), ("outcome", "confirmed")));
        Assert.Equal(1, metrics.Sum("sentinela_alert_time_to_close_seconds_bucket", ("state", "MG"), ("le", "86400")));
    }

    [Fact]
    public async Task A_step_the_workflow_does_not_allow_is_409_with_a_code_the_current_state_and_the_allowed_steps()
    {
        var alert = await Outbreaks.PlateletsLowInContagemAsync(Http);
        var url = $"/api/alerts/{alert.Id}/handling";

        var skipping = await Http.PostAsync(url, Json("""{"state":"confirmed","note":"Sem verificar"}"""));
        await Http.PostAsync(url, Json("""{"state":"acknowledged"}"""));
        await Http.PostAsync(url, Json("""{"state":"verifying"}"""));
        await Http.PostAsync(url, Json("""{"state":"discarded","note":"Erro de coleta"}"""));
        var reversing = await Http.PostAsync(url, Json("""{"state":"confirmed","note":"Mudei de ideia"}"""));

        Assert.Equal(HttpStatusCode.Conflict, skipping.StatusCode);
        var body = JsonNode.Parse(await skipping.Content.ReadAsStringAsync())!;
        Assert.Equal(("invalid-transition", "received"), (body["code"]!.GetValue<string>(), body["currentState"]!.GetValue<string>()));
        Assert.Equal(["acknowledged"], body["allowed"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("application/problem+json", skipping.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Conflict, reversing.StatusCode);
        var reversed = JsonNode.Parse(await reversing.Content.ReadAsStringAsync())!;
        Assert.Equal(("invalid-transition", "discarded"), (reversed["code"]!.GetValue<string>(), reversed["currentState"]!.GetValue<string>()));
        Assert.Equal(["closed"], reversed["allowed"]!.AsArray().Select(a => a!.GetValue<string>()));
        var stored = await Factory.Services.GetRequiredService<IAlertHandlingStore>().ForAlertAsync(alert.Id, default);
        Assert.Equal(AlertHandlingState.Discarded, stored[^1].State);
        Assert.Equal(3, stored.Count);
    }

    [Fact]
    public async Task Repeating_ones_own_latest_step_answers_200_once_stored_and_anyone_elses_repeat_is_409()
    {
        var alert = await Outbreaks.PlateletsLowInContagemAsync(Http);
        using var manager = Manager(Factory, Contagem, "gestora-contagem");
        using var colleague = Manager(Factory, Contagem, "colega-contagem");
        var url = $"/api/alerts/{alert.Id}/handling";
        const string body = """{"state":"acknowledged","note":"Vista"}""";

        var first = await manager.PostAsync(url, Json(body));
        var again = await manager.PostAsync(url, Json(body));
        var otherNote = await manager.PostAsync(url, Json("""{"state":"acknowledged","note":"Outra"}"""));
        var colleagues = await colleague.PostAsync(url, Json(body));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((await first.Content.ReadFromJsonAsync<AlertHandling>(SentinelaJson.Options))!,
            (await again.Content.ReadFromJsonAsync<AlertHandling>(SentinelaJson.Options))!);
        Assert.Equal(HttpStatusCode.Conflict, otherNote.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, colleagues.StatusCode);
        Assert.Equal("already-in-state", JsonNode.Parse(await colleagues.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
        Assert.Single(await Factory.Services.GetRequiredService<IAlertHandlingStore>().ForAlertAsync(alert.Id, default));
    }

    [Fact]
    public async Task Of_managers_moving_the_same_alert_at_once_exactly_one_succeeds()
    {
        var alert = await Outbreaks.PlateletsLowInContagemAsync(Http);
        var managers = Enumerable.Range(0, 8).Select(i => Manager(Factory, Contagem, $"gestor-{i}")).ToList();

        var answers = await Task.WhenAll(managers.Select(m => m.PostAsync($"/api/alerts/{alert.Id}/handling", Json("""{"state":"acknowledged"}"""))));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        Assert.Single(await Factory.Services.GetRequiredService<IAlertHandlingStore>().ForAlertAsync(alert.Id, default));
        managers.ForEach(m => m.Dispose());
    }

    [Theory]
    [InlineData("{}", "state")]
    [InlineData("""{"state":"received"}""", "state")]
    [InlineData("""{"state":"investigating"}""", "state")]
    [InlineData("""{"state":"1"}""", "state")]
    [InlineData("""{"state":null}""", "state")]
    [InlineData("""{"state":"confirmed"}""", "note")]
    [InlineData("""{"state":"closed","note":"   "}""", "note")]
    public async Task Malformed_handling_is_a_validation_problem_naming_the_field(string body, string field)
    {
        var alert = await Outbreaks.PlateletsLowInContagemAsync(Http);

        var response = await Http.PostAsync($"/api/alerts/{alert.Id}/handling", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Broken_json_a_long_note_and_an_oversized_body_are_refused()
    {
        var alert = await Outbreaks.PlateletsLowInContagemAsync(Http);
        var url = $"/api/alerts/{alert.Id}/handling";

        var broken = await Http.PostAsync(url, Json("""{"state":"acknowledged" """));
        var wrongType = await Http.PostAsync(url, Json("""{"state":["acknowledged"]}"""));
        var longNote = await Http.PostAsync(url, Json($$"""{"state":"acknowledged","note":"{{new string('x', AlertHandlingEndpoints.MaxNoteLength + 1)}}"}"""));
        var oversized = await Http.PostAsync(url, Json($$"""{"state":"acknowledged","note":"{{new string('x', 70_000)}}"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, longNote.StatusCode);
        Assert.Contains("\"note\"", await longNote.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
        Assert.Empty(await Factory.Services.GetRequiredService<IAlertHandlingStore>().ForAlertAsync(alert.Id, default));
    }

    [Fact]
    public async Task Only_a_manager_the_alert_reaches_may_move_it()
    {
        var alert = await Outbreaks.PlateletsLowInContagemAsync(Http);
        var url = $"/api/alerts/{alert.Id}/handling";
        var body = """{"state":"acknowledged"}""";
        using var anonymous = Factory.CreateAnonymousClient();
        using var lab = await LabAsync(Factory);
        using var elsewhere = Manager(Factory, Uberlandia, "gestor-uberlandia");
        using var otherState = User(Factory, Role.StateCoordinator, Jurisdiction.OfState(35), "coordenador-sp");
        using var coordinator = User(Factory, Role.StateCoordinator, Jurisdiction.OfState(31), "coordenadora-mg");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync(url, Json(body))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lab.PostAsync(url, Json(body))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await elsewhere.PostAsync(url, Json(body))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherState.PostAsync(url, Json(body))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.PostAsync($"/api/alerts/{Guid.NewGuid()}/handling", Json(body))).StatusCode);
        Assert.Empty(await Factory.Services.GetRequiredService<IAlertHandlingStore>().ForAlertAsync(alert.Id, default));
        Assert.Equal(HttpStatusCode.Created, (await coordinator.PostAsync(url, Json(body))).StatusCode);
    }

    [Fact]
    public async Task The_kpis_count_the_alerts_of_the_readers_jurisdiction_and_their_steps()
    {
        var alert = await Outbreaks.PlateletsLowInContagemAsync(Http);
        using var manager = Manager(Factory, Contagem, "gestora-contagem");
        using var elsewhere = Manager(Factory, Uberlandia, "gestor-uberlandia");
        await manager.PostAsync($"/api/alerts/{alert.Id}/handling", Json("""{"state":"acknowledged"}"""));
        await manager.PostAsync($"/api/alerts/{alert.Id}/handling", Json("""{"state":"verifying"}"""));

        var mine = (await manager.GetFromJsonAsync<AlertKpis>("/api/alerts/kpis", SentinelaJson.Options))!;
        var filtered = (await Http.GetFromJsonAsync<AlertKpis>($"/api/alerts/kpis?state=MG&municipality={Outbreaks.Contagem}", SentinelaJson.Options))!;
        var theirs = (await elsewhere.GetFromJsonAsync<AlertKpis>("/api/alerts/kpis", SentinelaJson.Options))!;
        var otherMunicipality = (await Http.GetFromJsonAsync<AlertKpis>($"/api/alerts/kpis?municipality={Outbreaks.Uberlandia}", SentinelaJson.Options))!;
        var before = (await Http.GetFromJsonAsync<AlertKpis>(
            $"/api/alerts/kpis?from={Uri.EscapeDataString(alert.RaisedAt.AddDays(-2).ToString("O"))}&to={Uri.EscapeDataString(alert.RaisedAt.AddDays(-1).ToString("O"))}",
            SentinelaJson.Options))!;

        foreach (var kpis in new[] { mine, filtered })
        {
            Assert.Equal(1, kpis.Alerts);
            Assert.Equal(1, kpis.ByState["verifying"]);
            Assert.Equal((1, 1, 1, 1.0), (kpis.Acknowledge.Reached, kpis.Acknowledge.WithinTarget, kpis.Acknowledge.Eligible, kpis.Acknowledge.ShareWithinTarget));
            Assert.Equal((0, 0, (double?)null), (kpis.Verify.Reached, kpis.Verify.Eligible, kpis.Verify.ShareWithinTarget));
        }
        Assert.Equal(0, theirs.Alerts);
        Assert.Equal(0, otherMunicipality.Alerts);
        Assert.Equal(0, before.Alerts);
    }

    [Theory]
    [InlineData("state=XX", "state")]
    [InlineData("municipality=123", "municipality")]
    [InlineData("from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "from")]
    [InlineData("from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    [InlineData("from=yesterday", "from")]
    [InlineData("municipality=abc", "municipality")]
    public async Task Malformed_kpi_filters_are_refused_naming_the_field(string query, string field)
    {
        var response = await Http.GetAsync($"/api/alerts/kpis?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(field, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_kpis_are_for_health_managers_only()
    {
        using var anonymous = Factory.CreateAnonymousClient();
        using var lab = await LabAsync(Factory);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/alerts/kpis")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lab.GetAsync("/api/alerts/kpis")).StatusCode);
    }
}

using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server;
using Sentinela.Server.Alerts;
using Sentinela.Server.Audit;
using Sentinela.Server.Storage;
using Sentinela.Tests.Infrastructure;
using static Sentinela.Tests.Dashboard.Clients;

namespace Sentinela.Tests.Dashboard;

/// <summary>POST /api/alerts/{id}/handling: acknowledge or investigate, stored, shown with the details, audited, guarded.</summary>
public sealed class AlertHandlingTests : ServerTest
{
    [Fact]
    public async Task A_manager_marks_an_alert_under_investigation_and_its_details_show_who_and_when()
    {
        var alert = await Outbreaks.PlateletsLowInContagemAsync(Http);
        using var manager = Manager(Factory, Contagem, "gestora-contagem");

        var acknowledged = await manager.PostAsync($"/api/alerts/{alert.Id}/handling", Json("""{"state":"acknowledged"}"""));
        var investigating = await manager.PostAsync($"/api/alerts/{alert.Id}/handling", Json("""{"state":"investigating","note":"Equipe enviada"}"""));
        var details = (await manager.GetFromJsonAsync<AlertDetails>($"/api/alerts/{alert.Id}", SentinelaJson.Options))!;

        Assert.Equal(HttpStatusCode.Created, acknowledged.StatusCode);
        Assert.Equal(HttpStatusCode.Created, investigating.StatusCode);
        Assert.Equal([AlertHandlingState.Acknowledged, AlertHandlingState.Investigating], details.Handling!.Select(h => h.State));
        var last = details.Handling![^1];
        Assert.Equal(("Equipe enviada", alert.Version, "gestora-contagem"), (last.Note, last.AlertVersion, last.UserName));
        Assert.Equal(SentinelaFactory.UserId("gestora-contagem"), last.UserId);
        await Factory.Services.GetRequiredService<AuditTrail>().FlushAsync(default);
        var audited = await Factory.Services.GetRequiredService<IAuditStore>().QueryAsync(
            new AuditQuery(Action: AuditActions.AlertHandled, Target: alert.Id.ToString()), default);
        Assert.Equal(2, audited.Count);
    }

    [Fact]
    public async Task Repeating_the_same_step_answers_200_and_stores_it_once()
    {
        var alert = await Outbreaks.PlateletsLowInContagemAsync(Http);
        using var manager = Manager(Factory, Contagem, "gestora-contagem");
        const string body = """{"state":"investigating","note":"Equipe enviada"}""";

        var first = await manager.PostAsync($"/api/alerts/{alert.Id}/handling", Json(body));
        var again = await manager.PostAsync($"/api/alerts/{alert.Id}/handling", Json(body));
        var details = (await manager.GetFromJsonAsync<AlertDetails>($"/api/alerts/{alert.Id}", SentinelaJson.Options))!;

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Single(details.Handling!);
        Assert.Equal((await first.Content.ReadFromJsonAsync<AlertHandling>(SentinelaJson.Options))!.At,
            (await again.Content.ReadFromJsonAsync<AlertHandling>(SentinelaJson.Options))!.At);
    }

    [Theory]
    [InlineData("{}", "state")]
    [InlineData("""{"state":"closed"}""", "state")]
    [InlineData("""{"state":"1"}""", "state")]
    [InlineData("""{"state":null}""", "state")]
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
    public async Task Only_a_manager_the_alert_reaches_may_handle_it()
    {
        var alert = await Outbreaks.PlateletsLowInContagemAsync(Http);
        var url = $"/api/alerts/{alert.Id}/handling";
        var body = """{"state":"acknowledged"}""";
        using var anonymous = Factory.CreateAnonymousClient();
        using var lab = await LabAsync(Factory);
        using var elsewhere = Manager(Factory, Uberlandia, "gestor-uberlandia");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync(url, Json(body))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lab.PostAsync(url, Json(body))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await elsewhere.PostAsync(url, Json(body))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.PostAsync($"/api/alerts/{Guid.NewGuid()}/handling", Json(body))).StatusCode);
        Assert.Empty(await Factory.Services.GetRequiredService<IAlertHandlingStore>().ForAlertAsync(alert.Id, default));
    }
}

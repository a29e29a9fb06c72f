using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server;
using Sentinela.Server.Alerts;
using Sentinela.Server.Alerts.Evidence;
using Sentinela.Server.Audit;
using Sentinela.Server.Storage;
using Sentinela.Tests.Infrastructure;
using static Sentinela.Tests.Dashboard.Clients;

namespace Sentinela.Tests.Alerts;

/// <summary>GET /api/alerts/{id}/evidence.csv: the evidence as a de-identified line list, for the managers the alert reaches.</summary>
public sealed class EvidenceCsvExportTests : ServerTest
{
    [Fact]
    public async Task The_line_list_has_one_row_per_hemogram_of_evidence_and_nothing_that_identifies_a_patient_or_record()
    {
        var alert = await Outbreaks.PlateletsLowInContagemAsync(Http, prefix: "PACIENTE-OBS-");
        using var manager = Manager(Factory, Contagem, "gestora-contagem");
        var details = (await manager.GetFromJsonAsync<AlertDetails>($"/api/alerts/{alert.Id}", SentinelaJson.Options))!;

        var response = await manager.GetAsync($"/api/alerts/{alert.Id}/evidence.csv");
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains($"sentinela-evidencias-{alert.Id}.csv", response.Content.Headers.ContentDisposition!.ToString());
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(EvidenceCsv.Header, lines[0]);
        Assert.Equal(details.Evidence.Count, lines.Length - 1);
        var first = lines[1].Split(',');
        var evidence = details.Evidence[0];
        Assert.Equal(["1", Outbreaks.Contagem.ToString(), Math.Round(evidence.Latitude, 2).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
            evidence.CollectedAt.UtcDateTime.ToString("yyyy-MM-dd"), "platelets"], [first[0], first[1], first[2], first[4], first[6]]);
        Assert.Contains(lines.Skip(1), l => l.Contains("platelets low"));
        foreach (var identifying in details.Evidence.Select(e => e.HemogramId.ToString())
                     .Concat(["PACIENTE-OBS-", "52998224725", "Maria", "1985", "Rua das Flores", "32000", "1234567", "Laboratório", "female"]))
            Assert.DoesNotContain(identifying, csv, StringComparison.OrdinalIgnoreCase);
        await Factory.Services.GetRequiredService<AuditTrail>().FlushAsync(default);
        Assert.Single(await Factory.Services.GetRequiredService<IAuditStore>().QueryAsync(
            new AuditQuery(Action: AuditActions.EvidenceExported, Target: alert.Id.ToString()), default));
    }

    [Fact]
    public async Task Only_a_manager_the_alert_reaches_may_export_its_evidence()
    {
        var alert = await Outbreaks.PlateletsLowInContagemAsync(Http);
        var url = $"/api/alerts/{alert.Id}/evidence.csv";
        using var anonymous = Factory.CreateAnonymousClient();
        using var lab = await LabAsync(Factory);
        using var elsewhere = Manager(Factory, Uberlandia, "gestor-uberlandia");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lab.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await elsewhere.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/api/alerts/{Guid.NewGuid()}/evidence.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("/api/alerts/not-a-guid/evidence.csv")).StatusCode);
    }
}

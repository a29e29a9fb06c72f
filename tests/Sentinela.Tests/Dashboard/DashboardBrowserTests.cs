using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sentinela.Server.Identity;
using Sentinela.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sentinela.Tests.Dashboard;

/// <summary>
/// The health manager's dashboard in a real browser (headless Chromium through Playwright) against the real server on
/// Kestrel: an outbreak injected through FHIR reaches the page live, without a reload, whatever transport gets through.
/// Set SENTINELA_UPDATE_SCREENSHOTS=1 to write docs/dashboard-map.png, docs/dashboard-phone.png and docs/dashboard-details.png
/// from the run.
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    const string Cpf = "529.982.247-25", Password = "senha-da-gestora-2024";
    static readonly TimeSpan LoginTimeout = TimeSpan.FromSeconds(120), AlertTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_manager_sees_a_live_outbreak_on_the_map_opens_its_details_and_reads_alerts_offline()
    {
        await using var server = await StartAsync();
        var screenshots = Environment.GetEnvironmentVariable("SENTINELA_UPDATE_SCREENSHOTS") == "1"
            ? Path.GetDirectoryName(ReferenceData.FindUp("docs/API.md"))!
            : server.Factory.DataDirectory;
        var clock = Stopwatch.StartNew();
        using var browser = BrowserRun.Start(server.BaseAddress, "live", screenshots, Cpf, Password);
        var transport = await browser.WaitForAsync("READY", LoginTimeout);

        var alert = await Outbreaks.PlateletsLowInContagemAsync(server.Http);
        var result = await browser.ResultAsync(AlertTimeout);
        output.WriteLine($"e2e {clock.Elapsed.TotalSeconds:0.0} s: {result}");

        Assert.Equal("WebSockets", transport);
        Assert.StartsWith("Surto detectado", Text(result, "headline"));
        Assert.Contains("plaquetas baixas", Text(result, "headline"));
        Assert.True(result.GetProperty("sameDocument").GetBoolean(), "the page reloaded");
        Assert.True(result.GetProperty("outbreakAreas").GetInt32() >= 1);
        Assert.Equal(SeverityColours[Text(result, "outbreakSeverity")], Text(result, "outbreakStroke"));
        Assert.Equal(SeverityColours[Text(result, "outbreakSeverity")], Text(result, "outbreakFill"));
        Assert.Contains(Text(result, "choroplethFill"), AboveExpected);
        // At least Minas Gerais' 853 municipalities (neighbouring states load as they come into view), under the 27 state borders.
        Assert.InRange(result.GetProperty("municipalityPaths").GetInt32(), 853, 5570);
        Assert.Equal(27, result.GetProperty("stateBorders").GetInt32());
        Assert.Contains("Contagem", result.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.StartsWith("Contagem/MG", Text(result, "hoverTooltip"));
        Assert.True(result.GetProperty("cardInViewDesktop").GetBoolean(), "the alert card is not within 1400×900");
        Assert.True(result.GetProperty("cardInViewPhone").GetBoolean(), "the alert card is not within 390×844");
        Assert.True(result.GetProperty("mapInViewPhone").GetBoolean(), "the map overflows 390×844");
        Assert.True(result.GetProperty("listRowInViewPhone").GetBoolean(), "the alerts list's first row is not within 390×844");
        Assert.False(result.GetProperty("pageScrollsSideways").GetBoolean(), "the page scrolls sideways at 390 px");
        Assert.Equal(1, result.GetProperty("cardsForAlert").GetInt32());
        Assert.Equal(alert.Headline, Text(result, "detailsHeadline"));
        Assert.Contains("Casos observados", Text(result, "statistics"));
        Assert.Contains("Casos esperados", Text(result, "statistics"));
        Assert.Contains("Laboratórios notificantes", Text(result, "statistics"));
        Assert.Equal(alert.SuggestedAction, Text(result, "suggestedAction"));
        Assert.Contains("Recebimento confirmado por Gestora de Contagem", Text(result, "handling"));
        AssertWorkflowToConfirmed(result.GetProperty("workflow"));
        Assert.True(result.GetProperty("reloadedOffline").GetBoolean(), "the offline page was not reloaded");
        Assert.Equal(1, result.GetProperty("offlineRows").GetInt32());
        Assert.StartsWith("Surto detectado", Text(result, "offlineHeadline"));
        Assert.Contains("sem conexão", Text(result, "offlineSummary"));
        Assert.True(result.GetProperty("offlineDistinct").GetBoolean());
        Assert.Empty(result.GetProperty("consoleErrors").EnumerateArray());
    }

    [Theory]
    [InlineData("websocket-blocked", "ServerSentEvents")]
    [InlineData("hub-blocked", "")]
    public async Task The_alert_still_arrives_when_websockets_or_the_whole_hub_are_blocked(string mode, string expectedTransport)
    {
        await using var server = await StartAsync();
        using var browser = BrowserRun.Start(server.BaseAddress, mode, server.Factory.DataDirectory, Cpf, Password);
        var ready = await browser.WaitForAsync("READY", LoginTimeout);

        await Outbreaks.PlateletsLowInContagemAsync(server.Http);
        var result = await browser.ResultAsync(AlertTimeout);
        output.WriteLine($"{mode}: {result}");

        Assert.Equal(expectedTransport == "" ? "polling" : expectedTransport, ready);
        Assert.StartsWith("Surto detectado", Text(result, "headline"));
        Assert.True(result.GetProperty("sameDocument").GetBoolean(), "the page reloaded");
        Assert.True(result.GetProperty("outbreakAreas").GetInt32() >= 1);
        Assert.Equal(1, result.GetProperty("cardsForAlert").GetInt32());
    }

    // web/src/map/outbreakLayer.ts and excess.ts: the severities' colours, and the choropleth's bands above expectation.
    static readonly Dictionary<string, string> SeverityColours = new() { ["moderate"] = "#ca8a04", ["high"] = "#dc2626", ["critical"] = "#7f1d1d" };
    static readonly string[] AboveExpected = ["#fdba74", "#f97316", "#9a3412"];

    /// <summary>What workflow.mjs read: the alert confirmed with each milestone's time on the page, and the KPI panel counting it.</summary>
    static void AssertWorkflowToConfirmed(JsonElement workflow)
    {
        Assert.Contains("justificativa", Text(workflow, "missingNoteMessage"));
        Assert.Equal("Confirmado", Text(workflow, "state"));
        Assert.Equal(["raised", "acknowledged", "verifying", "verified"], workflow.GetProperty("clockEntries").EnumerateArray().Select(e => e.GetString()));
        // textContent runs each <dt> into its <dd>.
        Assert.Matches(@"Confirmado em\s*\d{2}/\d{2}/\d{4},? \d{2}:\d{2} \(\d+ min após a detecção\)", Text(workflow, "clock"));
        Assert.Contains("Surto confirmado pela vigilância epidemiológica", Text(workflow, "steps"));
        Assert.Equal(["closed"], workflow.GetProperty("nextActions").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("CSV", Text(workflow, "csvButton"));
        Assert.Equal("1", Text(workflow, "kpiAlerts"));
        Assert.Contains("100% (1 de 1)", Text(workflow, "kpiVerify"));
        Assert.Contains("100% (1 de 1)", Text(workflow, "kpiAcknowledge"));
        Assert.Equal("Confirmado: 1", Text(workflow, "kpiConfirmed"));
    }

    /// <summary>A server serving the freshly built app, with the Contagem manager the browser logs in as.</summary>
    static async Task<RealtimeServer> StartAsync()
    {
        var dist = await DashboardBuild.DistAsync();
        var server = new RealtimeServer(new() { ["Sentinela:Dashboard:Path"] = dist });
        var (user, errors, _) = await server.Factory.Services.GetRequiredService<Accounts>().CreateUserAsync(
            new NewUser(Cpf, "Gestora de Contagem", Password, Role.MunicipalManager, MunicipalityCode: Outbreaks.Contagem), default);
        Assert.True(user is not null, string.Join("; ", errors.SelectMany(e => e.Value)));
        return server;
    }

    static string Text(JsonElement result, string name) =>
        result.TryGetProperty(name, out var value) ? value.GetString() ?? "" : throw new Xunit.Sdk.XunitException($"no '{name}' in {result}");
}

using System.Net;
using System.Net.Http.Headers;
using Sentinela.Tests.Infrastructure;
using Sentinela.Tests.Infrastructure.Services;

namespace Sentinela.Tests.Hosting;

/// <summary>The published server started as an operator starts it: from a folder that is not its own, with its own settings.</summary>
public sealed class PublishedServerTests
{
    [Fact]
    public async Task Started_from_another_working_directory_it_reads_its_own_settings_and_grades_hemograms()
    {
        await using var server = await ServerProcess.StartAsync();
        var key = await server.CreateLabKeyAsync();
        var example = await File.ReadAllTextAsync(ReferenceData.FindUp(Path.Combine("docs", "examples", "hemogram.json"))!);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/fhir/Observation") { Content = new StringContent(example) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        request.Headers.Add("X-Api-Key", key);
        request.Headers.Add("Prefer", "return=OperationOutcome");

        var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains("findings: platelets-low", await response.Content.ReadAsStringAsync());
        // Relative data paths stay relative to where it was started.
        Assert.True(File.Exists(Path.Combine(server.WorkingDirectory, "data", "sentinela.db")));
    }

    [Theory]
    [InlineData("--contentRoot={empty}", "ReferenceRanges is empty")]
    [InlineData("--Sentinela:Storage:Backend=Cassandra", "Sentinela:Storage:Backend is 'Cassandra'; it must be Embedded or Distributed")]
    [InlineData("--Sentinela:Limits:RestRequestsPerMinute=0", "RestRequestsPerMinute")]
    [InlineData("--Sentinela:Limits:TrustedProxies:0=proxy.internal", "TrustedProxies entry 'proxy.internal' is not an IP address")]
    [InlineData("--Sentinela:Ingestion:SourceFhirServer=not a url", "SourceFhirServer 'not a url' must be an absolute http(s) URL")]
    [InlineData("--Sentinela:Geography:MunicipalitiesFile=nowhere.csv", "nowhere.csv' does not exist")]
    [InlineData("--Sentinela:Drain:ReadinessGrace=00:00:20", "must be shorter than Budget")]
    [InlineData("--Sentinela:Rebalancing:MaxShedShare=2", "MaxShedShare")]
    public async Task An_unusable_configuration_stops_the_server_at_start_with_one_clear_line(string setting, string expected)
    {
        var folder = Directory.CreateTempSubdirectory("sentinela-config-").FullName;
        var empty = Directory.CreateDirectory(Path.Combine(folder, "empty")).FullName;
        try
        {
            var (exit, output) = await ServerProcess.RunAsync(folder, [setting.Replace("{empty}", empty), $"--urls=http://127.0.0.1:{FreePorts.Take()}"]);

            Assert.Equal(2, exit);
            Assert.Contains(expected, output);
            Assert.Contains("sentinela-server: invalid configuration", output);
            Assert.DoesNotContain("   at ", output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Fuzz;

/// <summary>
/// Nesting deep enough to overflow the stack of a recursive parser (about 7,000 XML extensions did: "Stack overflow.",
/// the process gone), sent to a real server process on every FHIR entry point. Each gets a 4xx and the process keeps
/// storing hemograms. The server accepts bodies up to 16 MiB here, so the depth bound answers, not the size limit.
/// </summary>
public sealed class DeepNestingTests : IAsyncLifetime
{
    ServerProcess _server = null!;
    string _key = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(["--Sentinela:Ingestion:MaxBodyBytes=16777216", "--Sentinela:Limits:HemogramsPerMinutePerLab=100000"]);
        _key = await _server.CreateLabKeyAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string, int, string> Cases()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var format in new[] { "xml", "json" })
            foreach (var depth in new[] { 7_000, 10_000, 100_000 })
                foreach (var path in new[] { "/fhir/Observation", "/fhir", "/fhir/subscription-hook" })
                    data.Add(format, depth, path);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_body_nested_thousands_deep_gets_400_and_the_server_keeps_working(string format, int depth, string path)
    {
        var response = await PostAsync(path, format == "xml" ? DeepXml(depth) : DeepJson(depth), format);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("nests deeper than 64 levels", await response.Content.ReadAsStringAsync());
        Assert.True(_server.IsAlive, _server.Log());
        var canary = await PostAsync("/fhir/Observation", Encoding.UTF8.GetBytes(Observations.Json(Observations.Hemogram())), "json");
        Assert.Equal(HttpStatusCode.Created, canary.StatusCode);
    }

    [Fact]
    public async Task At_default_settings_the_reported_7000_deep_XML_gets_400()
    {
        await using var server = await ServerProcess.StartAsync();
        var body = DeepXml(7_000);
        Assert.InRange(body.Length, 100_000, 1_048_576);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/fhir/Observation") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+xml");
        request.Headers.Add("X-Api-Key", await server.CreateLabKeyAsync());

        var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(server.IsAlive);
    }

    async Task<HttpResponseMessage> PostAsync(string path, byte[] body, string format)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(format == "xml" ? "application/fhir+xml" : "application/fhir+json");
        request.Headers.Add("X-Api-Key", _key);
        return await _server.Http.SendAsync(request);
    }

    /// <summary>The attack as reported: an Observation whose extension holds an extension, and so on.</summary>
    static byte[] DeepXml(int depth)
    {
        var xml = new StringBuilder("<Observation xmlns=\"http://hl7.org/fhir\"><status value=\"final\"/>");
        for (var i = 0; i < depth; i++) xml.Append("<extension url=\"http://x\">");
        for (var i = 0; i < depth; i++) xml.Append("</extension>");
        return Encoding.UTF8.GetBytes(xml.Append("<code><text value=\"x\"/></code></Observation>").ToString());
    }

    static byte[] DeepJson(int depth)
    {
        var json = new StringBuilder("{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"}");
        for (var i = 0; i < depth; i++) json.Append(",\"extension\":[{\"url\":\"http://x\"");
        for (var i = 0; i < depth; i++) json.Append("}]");
        return Encoding.UTF8.GetBytes(json.Append('}').ToString());
    }
}

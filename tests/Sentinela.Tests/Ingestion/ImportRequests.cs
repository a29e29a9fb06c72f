using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Ingestion;

/// <summary>A laboratory's side of <c>POST /fhir/$import</c>: the body, the start, the polling, the refusal while one runs.</summary>
internal static class ImportRequests
{
    public static ByteArrayContent Ndjson(byte[] body, string type = "application/fhir+ndjson")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    public static ByteArrayContent Ndjson(string text) => Ndjson(Encoding.UTF8.GetBytes(text));

    /// <summary>Posts the import (202 expected) and returns its status URL.</summary>
    public static async Task<string> StartAsync(HttpClient lab, HttpContent body)
    {
        var accepted = await lab.PostAsync("/fhir/$import", body);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        return accepted.Content.Headers.ContentLocation?.ToString() ?? accepted.Headers.GetValues("Content-Location").Single();
    }

    /// <summary>Polls the status URL as a client does: 202 with X-Progress until the outcome (200).</summary>
    public static async Task<JsonElement> OutcomeAsync(HttpClient lab, string status)
    {
        var answer = await Eventually.WaitForAsync(() => lab.GetAsync(status), r => r.StatusCode != HttpStatusCode.Accepted, TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return await answer.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A second import while one runs: 429 with an OperationOutcome naming the running one.</summary>
    public static async System.Threading.Tasks.Task AssertRefusedWhileRunningAsync(HttpResponseMessage refused, string running)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var outcome = Assert.IsType<OperationOutcome>(FhirBodies.Read(await refused.Content.ReadAsByteArrayAsync()));
        Assert.Contains(running.Split('/')[^1], outcome.Issue[0].Diagnostics);
    }
}

using System.Collections.Concurrent;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sentinela.Server.Ingestion;

namespace Sentinela.Tests.Infrastructure;

/// <summary>
/// A source FHIR server on 127.0.0.1 that speaks the real REST protocol (read, search with paging) from an in-memory set
/// of resources, with an outage switch; stands in for the remote server behind a Subscription rest-hook.
/// </summary>
public sealed class FakeFhirServer : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly ConcurrentDictionary<string, Resource> _resources = new();
    readonly ConcurrentDictionary<string, string> _raw = new();

    public bool Down { get; set; }
    public int Reads;

    FakeFhirServer(WebApplication app) => _app = app;

    public string BaseUrl => _app.Urls.First() + "/fhir";

    public static async Task<FakeFhirServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeFhirServer(app);
        app.Use(async (context, next) =>
        {
            if (server.Down) { context.Response.StatusCode = 503; return; }
            await next();
        });
        app.MapGet("/fhir/{type}/{id}", (string type, string id) =>
        {
            Interlocked.Increment(ref server.Reads);
            if (server._raw.TryGetValue($"{type}/{id}", out var json)) return Results.Text(json, "application/fhir+json");
            return server._resources.TryGetValue($"{type}/{id}", out var r) ? new FhirResult(r, 200) : FhirResult.Outcome(404, OperationOutcome.IssueType.NotFound, "gone");
        });
        app.MapGet("/fhir/Observation", (HttpRequest request, int? page) =>
        {
            const int pageSize = 2;
            var all = server._resources.Values.OfType<Observation>().OrderBy(o => o.Id).ToList();
            var index = page ?? 0;
            var bundle = new Bundle
            {
                Type = Bundle.BundleType.Searchset,
                Total = all.Count,
                Entry = all.Skip(index * pageSize).Take(pageSize)
                    .Select(o => new Bundle.EntryComponent { FullUrl = $"{server.BaseUrl}/Observation/{o.Id}", Resource = o }).ToList(),
            };
            if ((index + 1) * pageSize < all.Count)
                bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = $"{server.BaseUrl}/Observation?page={index + 1}" });
            return new FhirResult(bundle, 200);
        });
        await app.StartAsync();
        return server;
    }

    public void Add(Resource resource) => _resources[$"{resource.TypeName}/{resource.Id}"] = resource;

    /// <summary>Serves this text, FHIR or not, at Type/id: a source server that answers with something broken.</summary>
    public void AddRaw(string reference, string json) => _raw[reference] = json;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

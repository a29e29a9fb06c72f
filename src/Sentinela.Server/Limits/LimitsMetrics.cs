using System.Diagnostics.Metrics;

namespace Sentinela.Server.Limits;

/// <summary>Requests and connections a limit refused (429, 503 or 413), by limit.</summary>
public sealed class LimitsMetrics
{
    public const string Name = "Sentinela.Limits";

    /// <summary>The limits as the <c>limit</c> label names them (rest: requests per client IP; hub_call: calls per connection).</summary>
    public const string Rest = "rest", Ingestion = "ingestion", RestBody = "rest_body", Connection = "connection", HubCall = "hub_call";

    readonly Counter<long> _rejections;

    public LimitsMetrics(IMeterFactory meters) =>
        _rejections = meters.Create(Name).CreateCounter<long>("sentinela.limits.rejections", "{rejection}",
            "Requests, connections or hub calls refused by a limit: rest, ingestion (hemograms per lab), rest_body, connection, hub_call.");

    public void Rejected(string limit) => _rejections.Add(1, new KeyValuePair<string, object?>("limit", limit));
}

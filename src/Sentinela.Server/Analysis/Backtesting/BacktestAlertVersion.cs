using System.Text.Json;
using System.Text.Json.Nodes;
using Sentinela.Server.Alerts;

namespace Sentinela.Server.Analysis.Backtesting;

/// <summary>
/// One alert version a backtest decided, with the IBGE codes of the municipalities its area covers. As a line: the alert in
/// the shape <c>GET /api/alerts/{id}</c> returns it (camelCase, enums as strings) plus <c>"footprint": [codes]</c>.
/// </summary>
public sealed record BacktestAlertVersion(OutbreakAlert Alert, IReadOnlyList<int> Footprint)
{
    public string ToJsonLine()
    {
        var line = JsonSerializer.SerializeToNode(Alert, SentinelaJson.Options)!.AsObject();
        line["footprint"] = new JsonArray([.. Footprint.Select(code => (JsonNode)code)]);
        return line.ToJsonString(SentinelaJson.Options);
    }

    public static BacktestAlertVersion Parse(string line)
    {
        var alert = JsonSerializer.Deserialize<OutbreakAlert>(line, SentinelaJson.Options)
            ?? throw new FormatException("An alert line is null.");
        using var document = JsonDocument.Parse(line);
        var footprint = document.RootElement.TryGetProperty("footprint", out var codes)
            ? codes.EnumerateArray().Select(c => c.GetInt32()).ToList()
            : [];
        return new BacktestAlertVersion(alert, footprint);
    }
}

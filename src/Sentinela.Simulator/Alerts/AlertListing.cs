using System.Text.Json;

namespace Sentinela.Simulator.Alerts;

/// <summary>
/// Shows what the server concluded: <c>GET api/alerts</c> answers <c>{ "items": [ … ], "lastSequence": n }</c>.
/// Tolerant on purpose, since the alert model evolves: an item without a headline and id is printed as raw JSON.
/// </summary>
public static class AlertListing
{
    public const string Path = "api/alerts";

    public static async Task<IReadOnlyList<string>> FetchAsync(HttpClient http, CancellationToken cancellation)
    {
        using var response = await http.GetAsync(Path, cancellation);
        var body = await response.Content.ReadAsStringAsync(cancellation);
        return response.IsSuccessStatusCode
            ? Describe(body)
            : [$"GET {Path} answered {(int)response.StatusCode} {response.ReasonPhrase}: {body.ReplaceLineEndings(" ")}"];
    }

    /// <summary>One line per alert, or a single line saying there are none or that the body was unexpected.</summary>
    public static IReadOnlyList<string> Describe(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return [$"unexpected answer (not JSON): {json.ReplaceLineEndings(" ")}"];
        }

        using (document)
        {
            var root = document.RootElement;
            var items = root.ValueKind == JsonValueKind.Array ? root
                : root.ValueKind == JsonValueKind.Object && root.TryGetProperty("items", out var i) && i.ValueKind == JsonValueKind.Array ? i
                : (JsonElement?)null;
            if (items is not { } list) return [$"unexpected answer: {root.GetRawText()}"];
            if (list.GetArrayLength() == 0) return ["no alerts"];
            return [.. list.EnumerateArray().Select(DescribeItem)];
        }
    }

    static string DescribeItem(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object
            || Text(item, "headline") is not { } headline
            || Text(item, "id") is not { } id)
            return item.GetRawText();

        var severity = Text(item, "severity");
        var version = Text(item, "version");
        return $"{(severity is null ? "" : $"[{severity}] ")}{headline}  (id {id}{(version is null ? "" : $", version {version}")})";
    }

    // Strings as they are, numbers as written; anything else counts as missing.
    static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;
}

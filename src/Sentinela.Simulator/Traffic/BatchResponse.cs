using System.Globalization;
using System.Text.Json;

namespace Sentinela.Simulator.Traffic;

/// <summary>Reads the per-entry outcome of a batch-response Bundle (<c>entry[].response.status</c>, e.g. "201 Created").</summary>
static class BatchResponse
{
    /// <summary>The status code of each entry in order; 0 for an entry without a readable status. Empty if the body is not a Bundle.</summary>
    public static IReadOnlyList<int> EntryStatuses(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("entry", out var entries)
                || entries.ValueKind != JsonValueKind.Array)
                return [];

            var statuses = new List<int>(entries.GetArrayLength());
            foreach (var entry in entries.EnumerateArray())
                statuses.Add(entry.ValueKind == JsonValueKind.Object
                    && entry.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.Object
                    && response.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String
                        ? LeadingCode(status.GetString()!) : 0);
            return statuses;
        }
        catch (JsonException)
        {
            return [];
        }
    }

    static int LeadingCode(string status) =>
        int.TryParse(status.AsSpan(0, Math.Min(3, status.Length)), NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : 0;
}

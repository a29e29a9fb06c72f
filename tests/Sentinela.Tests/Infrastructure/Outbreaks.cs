using System.Net.Http.Json;
using Sentinela.Server;
using Sentinela.Server.Alerts;

namespace Sentinela.Tests.Infrastructure;

/// <summary>
/// Raises real alerts through the FHIR endpoint: a run of hemograms in one place, every other one with low platelets.
/// The server decides after its responses; the helpers ask it to decide at once, so their outcome is known when they return.
/// </summary>
public static class Outbreaks
{
    public const int Contagem = 3118601, Uberlandia = 3170206;

    /// <summary>Posts <paramref name="count"/> hemograms in Contagem, half with low platelets; returns the newest alert.</summary>
    public static Task<OutbreakAlert> PlateletsLowInContagemAsync(HttpClient http, int count = 40, string prefix = "") =>
        PlateletsLowAsync(http, Contagem, count, prefix);

    /// <summary>The same outbreak in any municipality of the built-in table, in one Bundle; then the server decides at once
    /// (POST /api/analysis/decisions, as an administrator). Returns the newest alert.</summary>
    public static async Task<OutbreakAlert> PlateletsLowAsync(HttpClient http, int municipality, int count = 40, string prefix = "")
    {
        await PostPlateletsAsync(http, municipality, count, prefix);
        (await http.PostAsync("/api/analysis/decisions", null)).EnsureSuccessStatusCode();
        return (await http.GetFromJsonAsync<AlertList>("/api/alerts?limit=1", SentinelaJson.Options))!.Items.Single();
    }

    /// <summary>Only the posting: <paramref name="count"/> hemograms in one Bundle, half with low platelets.</summary>
    public static async Task PostPlateletsAsync(HttpClient http, int municipality, int count, string prefix = "")
    {
        var bundle = new Hl7.Fhir.Model.Bundle
        {
            Type = Hl7.Fhir.Model.Bundle.BundleType.Batch,
            Entry = Enumerable.Range(0, count).Select(i => new Hl7.Fhir.Model.Bundle.EntryComponent
            {
                Resource = Observations.Hemogram(identifier: $"{prefix}{Guid.NewGuid()}", municipality: municipality,
                    plateletsThousands: i % 2 == 0 ? 90 : 260),
            }).ToList(),
        };
        (await http.PostAsync("/fhir", Observations.Content(bundle))).EnsureSuccessStatusCode();
    }
}

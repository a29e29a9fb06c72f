using System.Net.Http.Json;
using Sentinela.Server;
using Sentinela.Server.Alerts;

namespace Sentinela.Tests.Infrastructure;

/// <summary>
/// Raises real alerts through the FHIR endpoint: a run of hemograms in one place, every other one with low platelets.
/// The server decides after its responses (within a fraction of a second with the tests' settings); the helpers wait for it.
/// </summary>
public static class Outbreaks
{
    public const int Contagem = 3118601, Uberlandia = 3170206;

    /// <summary>Posts <paramref name="count"/> hemograms in Contagem, half with low platelets; returns the newest alert.</summary>
    public static Task<OutbreakAlert> PlateletsLowInContagemAsync(HttpClient http, int count = 40, string prefix = "") =>
        PlateletsLowAsync(http, Contagem, count, prefix);

    /// <summary>The same outbreak in any municipality of the built-in table; returns the newest alert.</summary>
    public static async Task<OutbreakAlert> PlateletsLowAsync(HttpClient http, int municipality, int count = 40, string prefix = "")
    {
        for (var i = 0; i < count; i++)
        {
            var response = await http.PostAsync("/fhir/Observation", Observations.Content(Observations.Hemogram(
                identifier: $"{prefix}{Guid.NewGuid()}", municipality: municipality, plateletsThousands: i % 2 == 0 ? 90 : 260)));
            response.EnsureSuccessStatusCode();
        }
        var listed = await Eventually.WaitForAsync(() => http.GetFromJsonAsync<AlertList>("/api/alerts?limit=1", SentinelaJson.Options)!,
            list => list!.Items.Count > 0, TimeSpan.FromSeconds(20));
        return listed!.Items.Single();
    }
}

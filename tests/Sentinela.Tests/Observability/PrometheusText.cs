using System.Globalization;
using System.Text.RegularExpressions;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Observability;

/// <summary>A scraped Prometheus text page: the value of a sample by metric name and labels.</summary>
public sealed partial class PrometheusText(string text)
{
    public string Text => text;

    /// <summary>What Prometheus would read from the server's /metrics (anonymous, like a scraper).</summary>
    public static async Task<PrometheusText> ScrapeAsync(RealtimeServer server)
    {
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        var response = await anonymous.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        return new PrometheusText(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The sum of the samples named <paramref name="name"/> whose labels include every given pair (0 when none).</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) =>
        Samples(name).Where(s => labels.All(l => s.Labels.GetValueOrDefault(l.Label) == l.Value)).Sum(s => s.Value);

    public bool Has(string name) => Samples(name).Any();

    IEnumerable<(Dictionary<string, string> Labels, double Value)> Samples(string name) =>
        text.Split('\n').Select(line => Sample().Match(line)).Where(m => m.Success && m.Groups["name"].Value == name)
            .Select(m => (Label().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups[1].Value, l => l.Groups[2].Value),
                double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)));

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)")]
    private static partial Regex Sample();

    [GeneratedRegex(@"(\w+)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}

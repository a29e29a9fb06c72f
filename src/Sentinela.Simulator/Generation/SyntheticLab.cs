using System.Globalization;
using Sentinela.Geography;

namespace Sentinela.Simulator.Generation;

/// <summary>A synthetic clinical laboratory: its CNES (the national health-establishment registry number), name and municipality.</summary>
public sealed record SyntheticLab(string Cnes, string Name, Municipality Municipality)
{
    static readonly string[] NamePatterns =
    [
        "Laboratório Central de {0}", "Laboratório Regional de {0}", "Instituto de Análises Clínicas de {0}",
        "Laboratório Municipal de {0}", "Centro de Diagnóstico de {0}", "Laboratório de Patologia Clínica de {0}",
    ];

    /// <summary>Distances beyond this do not make a place a better lab site: stops far-flung villages beating big cities.</summary>
    const double SpreadCapKm = 300;

    /// <summary>
    /// Places <paramref name="count"/> labs: the first in the busiest municipality, each next one where traffic
    /// weight × distance to the nearest existing lab is largest, so labs sit in big cities spread over the area.
    /// Deterministic: the same municipalities always give the same labs and CNES numbers.
    /// </summary>
    public static IReadOnlyList<SyntheticLab> SpreadOver(IReadOnlyList<Municipality> municipalities, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (municipalities.Count == 0) throw new ArgumentException("At least one municipality is needed.", nameof(municipalities));

        var sites = new List<Municipality>();
        var ordered = municipalities.OrderBy(m => m.IbgeCode).ToArray();
        while (sites.Count < Math.Min(count, ordered.Length))
        {
            var best = ordered
                .Where(m => !sites.Contains(m))
                .MaxBy(m => MunicipalityMix.WeightOf(m)
                    * (sites.Count == 0 ? 1 : Math.Min(SpreadCapKm, sites.Min(s => s.Centroid.DistanceKm(m.Centroid)))))!;
            sites.Add(best);
        }

        return sites.Select((m, i) => new SyntheticLab(
            CnesFor(m, i),
            string.Format(CultureInfo.InvariantCulture, NamePatterns[i % NamePatterns.Length], m.Name),
            m)).ToArray();
    }

    /// <summary>The lab a patient's sample most likely goes to: the nearest one.</summary>
    public static SyntheticLab NearestTo(IReadOnlyList<SyntheticLab> labs, GeoPoint point) =>
        labs.MinBy(l => l.Municipality.Centroid.DistanceKm(point))!;

    // 7 digits, never starting with 0, stable for a municipality and position.
    static string CnesFor(Municipality municipality, int index) =>
        (1_000_000 + (int)(((long)municipality.IbgeCode * 7919 + index * 104_729L) % 9_000_000)).ToString("D7", CultureInfo.InvariantCulture);
}

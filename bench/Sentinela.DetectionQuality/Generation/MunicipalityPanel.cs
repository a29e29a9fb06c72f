using Sentinela.Geography;

namespace Sentinela.DetectionQuality.Generation;

/// <summary>
/// Chooses the scenario's municipalities: clusters of a Minas Gerais regional centre and its four nearest neighbours
/// (so outbreaks can span neighbours), centres far apart (so clusters rarely share a 50 km circle). Weekday volumes follow
/// Zipf's law by rank, centres first: a regional centre surrounded by small towns, as laboratory traffic is.
/// </summary>
public static class MunicipalityPanel
{
    public const int ClusterSize = 5;

    /// <summary>The bench's copy of the IBGE table, Minas Gerais only, beside the binaries.</summary>
    public static string MunicipalitiesFile => Path.Combine(AppContext.BaseDirectory, "municipios-mg.csv");

    // Regional centres, largest first: Belo Horizonte, Uberlândia, Juiz de Fora, Montes Claros, Uberaba, Governador
    // Valadares, Ipatinga, Divinópolis, Sete Lagoas, Poços de Caldas, Patos de Minas, Pouso Alegre, Teófilo Otoni,
    // Barbacena, Varginha.
    static readonly int[] Centres =
    [
        3106200, 3170206, 3136702, 3143302, 3170107, 3127701, 3131307, 3122306, 3167202, 3151800, 3148004, 3152501, 3168606,
        3105608, 3170701,
    ];

    public static IReadOnlyList<SimulatedMunicipality> Choose(MunicipalityTable table, Scenario scenario, Sampling sampling)
    {
        var clusters = (scenario.Municipalities + ClusterSize - 1) / ClusterSize;
        if (scenario.Municipalities < 2 || clusters > Centres.Length)
            throw new ArgumentException($"Between 2 and {Centres.Length * ClusterSize} municipalities.", nameof(scenario));

        var taken = new HashSet<int>();
        var members = new List<(Municipality Municipality, int Cluster, bool Centre)>();
        for (var c = 0; c < clusters; c++)
        {
            var centre = table.Find(Centres[c]) ?? throw new InvalidOperationException($"Municipality {Centres[c]} is not in the table.");
            taken.Add(centre.IbgeCode);
            members.Add((centre, c, true));
            var size = Math.Min(ClusterSize, scenario.Municipalities - c * ClusterSize);
            foreach (var neighbour in table.All.Where(m => !taken.Contains(m.IbgeCode))
                         .OrderBy(m => m.Centroid.DistanceKm(centre.Centroid)).Take(size - 1).ToList())
            {
                taken.Add(neighbour.IbgeCode);
                members.Add((neighbour, c, false));
            }
        }

        // Centres take the top ranks in list order; the towns around them the rest, in a seeded order.
        var towns = members.Where(m => !m.Centre).ToList();
        sampling.Shuffle(towns);
        var ranked = members.Where(m => m.Centre).Concat(towns).ToList();
        var exponent = Math.Log(scenario.MaxWeekdayVolume / scenario.MinWeekdayVolume) / Math.Log(ranked.Count);
        return
        [
            .. ranked.Select((m, i) => new SimulatedMunicipality(
                m.Municipality.IbgeCode, m.Municipality.Name, m.Municipality.Centroid.Latitude, m.Municipality.Centroid.Longitude,
                Math.Round(scenario.MaxWeekdayVolume * Math.Pow(i + 1, -exponent), 1), m.Cluster,
                // A synthetic CNES per cluster: one laboratory serves the centre and its towns.
                $"99{Centres[m.Cluster] % 100_000:00000}")),
        ];
    }
}

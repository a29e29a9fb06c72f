using Sentinela.Geography;

namespace Sentinela.Simulator.Generation;

/// <summary>
/// Which municipalities background traffic comes from, and how much: capitals most, the large cities of the
/// built-in list next, and every other municipality a little, with a fixed per-municipality size factor so small
/// towns are not all alike. The table carries no population, so these weights are a deliberate approximation.
/// </summary>
public sealed class MunicipalityMix
{
    const double CapitalWeight = 100;
    const double LargeCityWeight = 15;

    static readonly Lazy<HashSet<int>> LargeCities = new(() => [.. MunicipalityTable.BuiltIn().All.Select(m => m.IbgeCode)]);

    readonly double[] _cumulative;

    public MunicipalityMix(IReadOnlyList<Municipality> municipalities)
    {
        if (municipalities.Count == 0) throw new ArgumentException("At least one municipality is needed.", nameof(municipalities));
        Municipalities = municipalities;
        _cumulative = new double[municipalities.Count];
        var total = 0.0;
        for (var i = 0; i < municipalities.Count; i++)
        {
            total += WeightOf(municipalities[i]);
            _cumulative[i] = total;
        }
    }

    public IReadOnlyList<Municipality> Municipalities { get; }

    public static double WeightOf(Municipality municipality)
    {
        if (municipality.IsCapital) return CapitalWeight;
        if (LargeCities.Value.Contains(municipality.IbgeCode)) return LargeCityWeight;
        // Log-normal size seeded by the IBGE code: the same town is equally busy in every run.
        var random = new Random(municipality.IbgeCode);
        var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Math.Exp(0.7 * Math.Clamp(z, -3, 3));
    }

    /// <summary>The share of background traffic that comes from the given municipality (0 when it is not in the mix).</summary>
    public double ShareOf(Municipality municipality) =>
        Municipalities.Contains(municipality) ? WeightOf(municipality) / _cumulative[^1] : 0;

    public Municipality Pick(Random random)
    {
        var target = random.NextDouble() * _cumulative[^1];
        var index = Array.BinarySearch(_cumulative, target);
        if (index < 0) index = ~index;
        return Municipalities[Math.Min(index, Municipalities.Count - 1)];
    }
}

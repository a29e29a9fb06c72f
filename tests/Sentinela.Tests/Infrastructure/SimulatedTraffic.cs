extern alias simulator;
using Sentinela.Geography;
using Gen = simulator::Sentinela.Simulator.Generation;

namespace Sentinela.Tests.Infrastructure;

/// <summary>Realistic Minas Gerais traffic from the simulator's generator, with the ground truth of every hemogram.</summary>
public static class SimulatedTraffic
{
    public const int MinasGerais = 31;

    public static IReadOnlyList<Municipality> MinasGeraisMunicipalities =>
        ReferenceData.Municipalities.InState(MinasGerais).ToList();

    /// <summary>
    /// <paramref name="count"/> hemograms, one simulated second apart, the last collected <paramref name="endingAgo"/>
    /// (default a minute) ago; an outbreak, if given, starts at its Start in simulated seconds.
    /// </summary>
    public static List<Gen.GeneratedHemogram> Generate(int count, int seed, Gen.OutbreakScenario? outbreak = null, TimeSpan? endingAgo = null)
    {
        var generator = new Gen.HemogramGenerator(MinasGeraisMunicipalities, seed, outbreak is null ? null : [outbreak]);
        var start = DateTimeOffset.UtcNow - (endingAgo ?? TimeSpan.FromMinutes(1)) - TimeSpan.FromSeconds(count);
        return Enumerable.Range(0, count)
            .Select(i => generator.Next(TimeSpan.FromSeconds(i), start.AddSeconds(i)))
            .ToList();
    }

    public static Gen.OutbreakScenario PlateletsLowIn(int municipality, TimeSpan start, double intensity = 0.7) =>
        new(Gen.HemogramParameter.Platelets, Gen.AbnormalDirection.Low, municipality) { Start = start, Intensity = intensity };
}

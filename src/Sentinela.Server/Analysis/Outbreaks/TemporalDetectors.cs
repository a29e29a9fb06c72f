using Microsoft.Extensions.Configuration;
using Sentinela.Server.Analysis.Detection;

namespace Sentinela.Server.Analysis.Outbreaks;

/// <summary>
/// The temporal detectors <see cref="DetectionOptions.TemporalDetectors"/> names, each with its parameters from
/// Sentinela:Analysis:Detection:Cusum, :Ewma and :Ears (EARS's method comes from the name: EarsC1, EarsC2, EarsC3).
/// </summary>
public static class TemporalDetectors
{
    public static IReadOnlyList<(DetectorKind Kind, ITemporalDetector Detector)> Create(IEnumerable<DetectorKind> kinds, IConfiguration configuration)
    {
        var section = configuration.GetSection(DetectionOptions.Section);
        return kinds.Distinct().Select(kind => (kind, kind switch
        {
            DetectorKind.Cusum => (ITemporalDetector)new CusumDetector(section.GetSection("Cusum").Get<CusumOptions>() ?? new()),
            DetectorKind.Ewma => new EwmaDetector(section.GetSection("Ewma").Get<EwmaOptions>() ?? new()),
            DetectorKind.EarsC1 => Ears(section, EarsMethod.C1),
            DetectorKind.EarsC2 => Ears(section, EarsMethod.C2),
            DetectorKind.EarsC3 => Ears(section, EarsMethod.C3),
            _ => throw new InvalidOperationException($"{kind} is not a temporal detector (Sentinela:Analysis:Detection:TemporalDetectors)."),
        })).ToList();
    }

    static EarsDetector Ears(IConfiguration section, EarsMethod method) =>
        new((section.GetSection("Ears").Get<EarsOptions>() ?? new()) with { Method = method });
}

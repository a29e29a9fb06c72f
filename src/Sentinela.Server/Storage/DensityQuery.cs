using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Storage;

/// <summary>
/// Which hemograms a heat map counts: those measuring <see cref="Parameter"/>, collected in [<see cref="From"/>,
/// <see cref="To"/>), optionally only one direction of abnormality and only one state or municipality.
/// </summary>
public sealed record DensityQuery(
    HemogramParameter Parameter,
    Direction? Direction,
    DateTimeOffset From,
    DateTimeOffset To,
    int? StateCode = null,
    int? MunicipalityCode = null)
{
    /// <summary>The <see cref="Hemogram.AbnormalMask"/> bits that make a hemogram count as abnormal here.</summary>
    public uint AbnormalBits => Direction is { } d
        ? new Condition(Parameter, d).Bit
        : new Condition(Parameter, Hemograms.Direction.Low).Bit | new Condition(Parameter, Hemograms.Direction.High).Bit;
}

using Sentinela.Geography;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis.Collective;

/// <summary>The slice of a hemogram the collective detectors need, kept in memory for the analysis horizon.</summary>
public sealed class IndexedHemogram
{
    readonly float[] _values;

    public IndexedHemogram(Hemogram h)
    {
        (Id, Location, CollectedAt, MunicipalityCode, StateCode, AbnormalMask, Lab) =
            (h.Id, h.Location, h.CollectedAt, h.MunicipalityCode, h.StateCode, h.AbnormalMask, h.Lab);
        _values = new float[HemogramParameters.All.Length];
        Array.Fill(_values, float.NaN);
        foreach (var m in h.Measurements) _values[(int)m.Parameter] = (float)m.Value;
    }

    /// <summary>A hemogram read back from a shared index; <paramref name="values"/> holds NaN for parameters not measured.</summary>
    internal IndexedHemogram(Guid id, GeoPoint location, DateTimeOffset collectedAt, int municipalityCode, int stateCode,
        uint abnormalMask, string? lab, float[] values)
    {
        (Id, Location, CollectedAt, MunicipalityCode, StateCode, AbnormalMask, Lab, _values) =
            (id, location, collectedAt, municipalityCode, stateCode, abnormalMask, lab, values);
    }

    public Guid Id { get; }
    public GeoPoint Location { get; }
    public DateTimeOffset CollectedAt { get; }
    public int MunicipalityCode { get; }
    public int StateCode { get; }
    public uint AbnormalMask { get; }
    public string? Lab { get; }

    internal ReadOnlySpan<float> Values => _values;

    public bool Measured(HemogramParameter p) => !float.IsNaN(_values[(int)p]);
    public double Value(HemogramParameter p) => _values[(int)p];
    public bool Has(Condition c) => (AbnormalMask & c.Bit) != 0;
}

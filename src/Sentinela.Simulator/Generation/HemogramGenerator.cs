using Sentinela.Geography;

namespace Sentinela.Simulator.Generation;

/// <summary>
/// Produces a deterministic stream of synthetic hemograms from a seed: the same seed, municipalities, outbreaks
/// and call times give the same observations and identifiers, so a rerun resubmits exactly what it sent before.
/// Not thread-safe: one generator feeds one producer.
/// </summary>
public sealed class HemogramGenerator
{
    /// <summary>Probability that a sample goes to the nearest lab rather than to any lab of the network (reference labs, private chains).</summary>
    const double NearestLabProbability = 0.85;

    readonly Random _values;
    readonly Random _identifiers;
    readonly BloodCountSampler _sampler;
    readonly MunicipalityMix _mix;
    readonly OutbreakProgress[] _outbreaks;

    /// <param name="municipalities">Where background traffic comes from; outbreak municipalities must be among them.</param>
    /// <param name="seed">Seeds every random choice, including the hemogram identifiers.</param>
    /// <param name="outbreaks">Outbreaks to inject, each resolved against <paramref name="municipalities"/>.</param>
    /// <param name="labCount">How many synthetic labs to spread over the municipalities.</param>
    public HemogramGenerator(IReadOnlyList<Municipality> municipalities, int seed, IEnumerable<OutbreakScenario>? outbreaks = null, int labCount = 6)
    {
        _mix = new MunicipalityMix(municipalities);
        Labs = SyntheticLab.SpreadOver(municipalities, labCount);
        // Two streams so identifiers do not depend on how many draws the values took.
        _values = new Random(seed);
        _identifiers = new Random(unchecked(seed * -1_640_531_535 + 0x5E71));
        _sampler = new BloodCountSampler(_values);

        var table = new MunicipalityTable(municipalities);
        _outbreaks = [.. (outbreaks ?? []).Select(o => new OutbreakProgress(o, table.Find(o.MunicipalityCode)
            ?? throw new ArgumentException($"Outbreak municipality {o.MunicipalityCode} is not among the simulated municipalities.", nameof(outbreaks))))];
    }

    public IReadOnlyList<Municipality> Municipalities => _mix.Municipalities;
    public IReadOnlyList<SyntheticLab> Labs { get; }
    public IReadOnlyList<OutbreakProgress> Outbreaks => _outbreaks;

    /// <summary>How many hemograms have been generated.</summary>
    public long Generated { get; private set; }

    /// <summary>
    /// The next hemogram. <paramref name="elapsed"/> is the time since the run began (it decides which outbreaks are
    /// active: pass the scheduled rather than the measured time to keep reruns identical); <paramref name="effective"/>
    /// is the sample time written into the observation.
    /// </summary>
    public GeneratedHemogram Next(TimeSpan elapsed, DateTimeOffset effective)
    {
        var identifier = NextIdentifier();
        var municipality = PickMunicipality(elapsed);
        var patient = SyntheticPatient.Sample(_values, municipality, DateOnly.FromDateTime(HemogramObservation.ToBrasilia(effective).DateTime));
        var lab = _values.NextDouble() < NearestLabProbability ? SyntheticLab.NearestTo(Labs, patient.Location) : Labs[_values.Next(Labs.Count)];
        var counts = _sampler.Normal(patient.Gender);

        OutbreakScenario? outbreak = null;
        var madeAbnormal = false;
        foreach (var progress in _outbreaks)
        {
            if (progress.Municipality != municipality || !progress.IsActiveAt(elapsed)) continue;
            // Draw for every active outbreak so the stream does not depend on earlier outcomes.
            var hit = _values.NextDouble() < progress.Scenario.Intensity;
            if (hit) counts = _sampler.MakeAbnormal(counts, progress.Scenario.Parameter, progress.Scenario.Direction);
            progress.Record(hit);
            outbreak ??= progress.Scenario;
            madeAbnormal |= hit;
        }

        Generated++;
        var observation = HemogramObservation.Build(identifier, lab, patient, counts, effective);
        return new GeneratedHemogram(observation, identifier, lab, patient, counts, HemogramObservation.ToBrasilia(effective), outbreak, madeAbnormal);
    }

    // Active outbreaks first claim their traffic share; the rest follows the background mix.
    Municipality PickMunicipality(TimeSpan elapsed)
    {
        var u = _values.NextDouble();
        var active = _outbreaks.Where(o => o.IsActiveAt(elapsed)).ToArray();
        var totalShare = active.Sum(o => o.Scenario.TrafficShare);
        // Several simultaneous outbreaks never take more than 90 % of the traffic between them.
        var scale = totalShare > 0.9 ? 0.9 / totalShare : 1;
        foreach (var outbreak in active)
        {
            var share = outbreak.Scenario.TrafficShare * scale;
            if (u < share) return outbreak.Municipality;
            u -= share;
        }
        return _mix.Pick(_values);
    }

    string NextIdentifier()
    {
        Span<byte> bytes = stackalloc byte[16];
        _identifiers.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (random), in Guid's little-endian field layout
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes).ToString();
    }
}

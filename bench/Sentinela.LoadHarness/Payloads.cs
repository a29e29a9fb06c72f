using System.Net.Http.Headers;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Sentinela.Geography;
using Sentinela.Simulator.Generation;

namespace Sentinela.LoadHarness;

/// <summary>
/// Request bodies generated and serialised before the clock starts, so the harness spends the run sending, not building:
/// it shares the machine with the server.
/// </summary>
public sealed class Payloads
{
    public const string MediaType = "application/fhir+json";
    static readonly MediaTypeHeaderValue ContentType = new(MediaType);

    Payloads(byte[][] bodies, int hemograms, int perRequest, int? firstOutbreakBody = null) =>
        (Bodies, Hemograms, PerRequest, FirstOutbreakBody) = (bodies, hemograms, perRequest, firstOutbreakBody);

    public IReadOnlyList<byte[]> Bodies { get; }
    public int Hemograms { get; }
    public int PerRequest { get; }
    public long Bytes => Bodies.Sum(b => (long)b.Length);

    /// <summary>The first body that carries a hemogram of an injected outbreak, if any.</summary>
    public int? FirstOutbreakBody { get; }

    /// <summary>
    /// <paramref name="count"/> hemograms from a fresh generator; collection times spread over the hours before now
    /// (never in the future, which the server refuses), one Observation or one batch Bundle of <paramref name="bundle"/> per body.
    /// </summary>
    public static Payloads Generate(IReadOnlyList<Municipality> municipalities, int seed, int count, int bundle)
    {
        var generator = new HemogramGenerator(municipalities, seed);
        var spacing = TimeSpan.FromTicks(Math.Min(TimeSpan.TicksPerSecond, TimeSpan.FromHours(24).Ticks / Math.Max(1, count)));
        var start = DateTimeOffset.UtcNow - spacing * count - TimeSpan.FromMinutes(1);
        var generated = new GeneratedHemogram[count];
        for (var i = 0; i < count; i++) generated[i] = generator.Next(spacing * i, start + spacing * i);

        var serializer = FhirJsonSerializer.Default;
        byte[][] bodies = bundle <= 0
            ? [.. generated.Select(g => serializer.SerializeToBytes(g.Observation))]
            : [.. generated.Chunk(bundle).Select(chunk => serializer.SerializeToBytes(HemogramObservation.Batch(chunk)))];
        return new Payloads(bodies, count, Math.Max(1, bundle));
    }

    /// <summary>
    /// One Observation per body, to be sent open-loop at <paramref name="perSecond"/>: body i is collected (effective
    /// time) at generation time − 2 min + i / rate, so it is never in the future when sent on schedule, and the
    /// generator's clock (which decides when <paramref name="outbreaks"/> start) is the schedule itself.
    /// </summary>
    public static Payloads Scheduled(IReadOnlyList<Municipality> municipalities, int seed, int count, double perSecond, IEnumerable<OutbreakScenario> outbreaks)
    {
        var generator = new HemogramGenerator(municipalities, seed, outbreaks);
        var start = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(2);
        var bodies = new byte[count][];
        int? firstOutbreak = null;
        for (var i = 0; i < count; i++)
        {
            var at = TimeSpan.FromSeconds(i / perSecond);
            var hemogram = generator.Next(at, start + at);
            if (hemogram.InOutbreak && firstOutbreak is null) firstOutbreak = i;
            bodies[i] = FhirJsonSerializer.Default.SerializeToBytes(hemogram.Observation);
        }
        return new Payloads(bodies, count, 1, firstOutbreak);
    }

    /// <summary>
    /// An abnormal cluster in one municipality as a single batch Bundle (one POST triggers the outbreak): about 80 %
    /// of <paramref name="count"/> hemograms with low platelets, collected over the last minutes.
    /// </summary>
    /// <remarks>
    /// The scenarios time an alert, so it must be raised on every seed. On a fresh server one day of 40 (plus the
    /// background's few) needs about 19 low counts for the CUSUM to cross its threshold (18 of 52 scores 4.998 of 5): at
    /// 60 % one seed in 25 fell short and no alert came; at 80 % one in a million.
    /// </remarks>
    public static byte[] Cluster(Municipality municipality, int seed, int count = 40)
    {
        var outbreak = new OutbreakScenario(HemogramParameter.Platelets, AbnormalDirection.Low, municipality.IbgeCode) { Intensity = 0.8 };
        var generator = new HemogramGenerator([municipality], seed, [outbreak]);
        var start = DateTimeOffset.UtcNow - TimeSpan.FromSeconds(count + 60);
        var hemograms = Enumerable.Range(0, count).Select(i => generator.Next(TimeSpan.FromSeconds(i), start + TimeSpan.FromSeconds(i))).ToArray();
        return FhirJsonSerializer.Default.SerializeToBytes(HemogramObservation.Batch(hemograms));
    }

    public static ByteArrayContent Content(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = ContentType;
        return content;
    }
}

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

    Payloads(byte[][] bodies, int hemograms, int perRequest) => (Bodies, Hemograms, PerRequest) = (bodies, hemograms, perRequest);

    public IReadOnlyList<byte[]> Bodies { get; }
    public int Hemograms { get; }
    public int PerRequest { get; }
    public long Bytes => Bodies.Sum(b => (long)b.Length);

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

    public static ByteArrayContent Content(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = ContentType;
        return content;
    }
}

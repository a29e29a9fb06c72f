using Hl7.Fhir.Model;
using Sentinela.Geography;

namespace Sentinela.Simulator.Generation;

/// <summary>
/// The anonymous patient behind a hemogram: sex, birth date and a home location near the municipality centroid.
/// Never a name or document number: the product must not receive patient identity.
/// </summary>
public sealed record SyntheticPatient(AdministrativeGender Gender, DateOnly BirthDate, Municipality Municipality, GeoPoint Location)
{
    /// <summary>How far from the centroid a home may be placed.</summary>
    public const double JitterKm = 5;

    // Age bands (lower bound, upper bound exclusive, share) of people who get a blood count: more adults and elderly than the census.
    static readonly (int From, int To, double Share)[] AgeBands =
    [
        (0, 5, 0.06), (5, 15, 0.08), (15, 30, 0.17), (30, 45, 0.20), (45, 60, 0.21), (60, 75, 0.19), (75, 91, 0.09),
    ];

    public int AgeOn(DateOnly date) =>
        date.Year - BirthDate.Year - (date < BirthDate.AddYears(date.Year - BirthDate.Year) ? 1 : 0);

    public static SyntheticPatient Sample(Random random, Municipality municipality, DateOnly today)
    {
        // Women have more blood counts taken (prenatal care among other reasons).
        var gender = random.NextDouble() < 0.55 ? AdministrativeGender.Female : AdministrativeGender.Male;
        var age = SampleAge(random);
        var birthDate = today.AddYears(-age).AddDays(-random.Next(0, 365));
        return new SyntheticPatient(gender, birthDate, municipality, Jitter(random, municipality.Centroid));
    }

    static int SampleAge(Random random)
    {
        var u = random.NextDouble();
        foreach (var (from, to, share) in AgeBands)
        {
            if (u < share) return from + random.Next(to - from);
            u -= share;
        }
        return random.Next(AgeBands[^1].From, AgeBands[^1].To);
    }

    // Uniform over a disc of JitterKm around the centroid, rounded to 4 decimals (~11 m).
    static GeoPoint Jitter(Random random, GeoPoint centroid)
    {
        var distanceKm = JitterKm * Math.Sqrt(random.NextDouble());
        var angle = 2 * Math.PI * random.NextDouble();
        var (latPerKm, lonPerKm) = centroid.DegreesFor(1);
        return new GeoPoint(
            centroid.Latitude + distanceKm * Math.Cos(angle) * latPerKm,
            centroid.Longitude + distanceKm * Math.Sin(angle) * lonPerKm).Coarsen(4);
    }
}

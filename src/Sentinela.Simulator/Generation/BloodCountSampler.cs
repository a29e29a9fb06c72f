using Hl7.Fhir.Model;

namespace Sentinela.Simulator.Generation;

/// <summary>
/// Draws plausible blood counts from adult reference distributions (the server's default ranges are not
/// age-specific either): leukocytes log-normal around 6.8 ×10³/µL, sex-specific hemoglobin, platelets ~260 ±55
/// ×10³/µL, with the correlations a real analyser shows: hematocrit ≈ 3 × hemoglobin, erythrocytes track
/// hemoglobin, the differential is a split of the leukocyte count, and 1.5 % of people carry a bacterial infection
/// (neutrophilia). Against the server's default ranges this leaves 2–4 % of hemograms abnormal per parameter:
/// the background an outbreak must stand out from.
/// </summary>
public sealed class BloodCountSampler(Random random)
{
    // Share of the leukocytes that are neither neutrophils, lymphocytes nor eosinophils (monocytes, basophils) never drops below this.
    const double MinimumOtherFraction = 0.04;

    // Some people tested on any day have a bacterial infection: leukocytosis with neutrophilia, the commonest abnormal count.
    const double BacterialInfectionShare = 0.015;

    public BloodCount Normal(AdministrativeGender sex)
    {
        var female = sex == AdministrativeGender.Female;
        var hemoglobinZ = Gaussian();
        var hemoglobin = female ? 13.6 + 0.95 * hemoglobinZ : 15.3 + 1.05 * hemoglobinZ;
        var hematocrit = 3.0 * hemoglobin + 0.3 + 0.6 * Gaussian();
        var erythrocytes = (female ? 4.65 : 4.95) + 0.37 * (0.6 * hemoglobinZ + 0.8 * Gaussian());

        var leukocytes = 6.8 * Math.Exp(0.23 * Gaussian());
        var neutrophilFraction = Math.Clamp(0.60 + 0.10 * Gaussian(), 0.25, 0.90);
        if (random.NextDouble() < BacterialInfectionShare)
        {
            leukocytes *= Uniform(1.2, 1.8);
            neutrophilFraction = Uniform(0.72, 0.88);
        }
        var lymphocyteFraction = Math.Clamp(0.30 + 0.07 * Gaussian(), 0.05, 0.65);
        var eosinophilFraction = Math.Min(0.15, 0.026 * Math.Exp(0.5 * Gaussian()));
        var differential = neutrophilFraction + lymphocyteFraction + eosinophilFraction;
        var scale = Math.Min(1, (1 - MinimumOtherFraction) / differential);

        var platelets = Math.Max(20, 260 + 55 * Gaussian());

        return new BloodCount(
            leukocytes, hemoglobin, platelets, hematocrit, erythrocytes,
            leukocytes * neutrophilFraction * scale, leukocytes * lymphocyteFraction * scale, leukocytes * eosinophilFraction * scale)
            .Rounded();
    }

    /// <summary>
    /// Moves one parameter well outside its range in the given direction and adjusts the values that depend on it
    /// (differential ↔ total leukocytes, hemoglobin ↔ hematocrit ↔ erythrocytes), so the count stays self-consistent.
    /// </summary>
    public BloodCount MakeAbnormal(BloodCount normal, HemogramParameter parameter, AbnormalDirection direction)
    {
        if (parameter == HemogramParameter.Eosinophils && direction == AbnormalDirection.Low)
            throw new ArgumentException("Eosinophils have no low abnormal range: the reference range starts at zero.", nameof(direction));

        var high = direction == AbnormalDirection.High;
        double Draw(double lowFrom, double lowTo, double highFrom, double highTo) =>
            high ? Uniform(highFrom, highTo) : Uniform(lowFrom, lowTo);

        var result = parameter switch
        {
            HemogramParameter.Leukocytes => ScaleLeukocytes(normal, Draw(1.5, 3.5, 12, 20)),
            HemogramParameter.Neutrophils => Retotal(normal, normal with { Neutrophils = Draw(0.3, 1.2, 8, 15) }),
            HemogramParameter.Lymphocytes => Retotal(normal, normal with { Lymphocytes = Draw(0.3, 0.9, 5.5, 10) }),
            HemogramParameter.Eosinophils => Retotal(normal, normal with { Eosinophils = Uniform(0.7, 2.5) }),
            HemogramParameter.Platelets => normal with { Platelets = Draw(40, 130, 460, 800) },
            HemogramParameter.Hemoglobin => ScaleRedCells(normal, Draw(8, 11.5, 18, 21) / normal.Hemoglobin),
            HemogramParameter.Hematocrit => ScaleRedCells(normal, Draw(25, 34, 54, 62) / normal.Hematocrit),
            HemogramParameter.Erythrocytes => ScaleRedCells(normal, Draw(2.8, 3.8, 6.2, 7.2) / normal.Erythrocytes),
            _ => throw new ArgumentOutOfRangeException(nameof(parameter), parameter, null),
        };
        return result.Rounded();
    }

    // A changed differential count changes the total by the same amount; the other cell lines stay as they were.
    static BloodCount Retotal(BloodCount before, BloodCount after) => after with
    {
        Leukocytes = before.Leukocytes
            + (after.Neutrophils - before.Neutrophils)
            + (after.Lymphocytes - before.Lymphocytes)
            + (after.Eosinophils - before.Eosinophils),
    };

    static BloodCount ScaleLeukocytes(BloodCount c, double leukocytes)
    {
        var ratio = leukocytes / c.Leukocytes;
        return c with
        {
            Leukocytes = leukocytes,
            Neutrophils = c.Neutrophils * ratio,
            Lymphocytes = c.Lymphocytes * ratio,
            Eosinophils = c.Eosinophils * ratio,
        };
    }

    // A normocytic change: hemoglobin, hematocrit and erythrocytes move together.
    static BloodCount ScaleRedCells(BloodCount c, double ratio) => c with
    {
        Hemoglobin = c.Hemoglobin * ratio,
        Hematocrit = c.Hematocrit * ratio,
        Erythrocytes = c.Erythrocytes * ratio,
    };

    double Uniform(double low, double high) => low + (high - low) * random.NextDouble();

    // Box–Muller, clipped at ±4 sd so no draw is physiologically absurd.
    double Gaussian()
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Clamp(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2), -4, 4);
    }
}

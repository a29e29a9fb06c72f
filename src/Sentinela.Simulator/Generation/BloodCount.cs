namespace Sentinela.Simulator.Generation;

/// <summary>
/// One hemogram's values, already rounded as reported, in the units of <see cref="ParameterDefinition"/>
/// (counts in 10*3/uL, erythrocytes in 10*6/uL, hemoglobin in g/dL, hematocrit in %).
/// </summary>
public sealed record BloodCount(
    double Leukocytes,
    double Hemoglobin,
    double Platelets,
    double Hematocrit,
    double Erythrocytes,
    double Neutrophils,
    double Lymphocytes,
    double Eosinophils)
{
    public double this[HemogramParameter parameter] => parameter switch
    {
        HemogramParameter.Leukocytes => Leukocytes,
        HemogramParameter.Hemoglobin => Hemoglobin,
        HemogramParameter.Platelets => Platelets,
        HemogramParameter.Hematocrit => Hematocrit,
        HemogramParameter.Erythrocytes => Erythrocytes,
        HemogramParameter.Neutrophils => Neutrophils,
        HemogramParameter.Lymphocytes => Lymphocytes,
        HemogramParameter.Eosinophils => Eosinophils,
        _ => throw new ArgumentOutOfRangeException(nameof(parameter), parameter, null),
    };

    /// <summary>Whether the value lies outside the server's default reference range on the given side.</summary>
    public bool IsAbnormal(HemogramParameter parameter, AbnormalDirection direction) =>
        ParameterDefinition.For(parameter).Classify(this[parameter]) == direction;

    public BloodCount Rounded()
    {
        static double R(HemogramParameter p, double v) => (double)ParameterDefinition.For(p).Round(v);
        return new(
            R(HemogramParameter.Leukocytes, Leukocytes), R(HemogramParameter.Hemoglobin, Hemoglobin),
            R(HemogramParameter.Platelets, Platelets), R(HemogramParameter.Hematocrit, Hematocrit),
            R(HemogramParameter.Erythrocytes, Erythrocytes), R(HemogramParameter.Neutrophils, Neutrophils),
            R(HemogramParameter.Lymphocytes, Lymphocytes), R(HemogramParameter.Eosinophils, Eosinophils));
    }
}

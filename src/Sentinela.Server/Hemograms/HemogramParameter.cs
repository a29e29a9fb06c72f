namespace Sentinela.Server.Hemograms;

/// <summary>The blood-count analytes Sentinela recognises. Values are always held in the canonical unit of <see cref="HemogramParameters"/>.</summary>
public enum HemogramParameter
{
    Leukocytes,
    Hemoglobin,
    Platelets,
    Hematocrit,
    Erythrocytes,
    Neutrophils,
    Lymphocytes,
    Eosinophils,
}

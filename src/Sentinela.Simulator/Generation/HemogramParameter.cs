namespace Sentinela.Simulator.Generation;

/// <summary>The complete-blood-count components the simulator emits and the server analyses.</summary>
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

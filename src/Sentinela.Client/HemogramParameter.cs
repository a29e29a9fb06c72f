namespace Sentinela.Client;

/// <summary>The blood-count analytes the server recognises, in the server's order (MessagePack may send the ordinal).</summary>
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

namespace Sentinela.Server.Hemograms;

/// <summary>One analyte value, already converted to the parameter's canonical unit.</summary>
public readonly record struct Measurement(HemogramParameter Parameter, double Value);

namespace Sentinela.Server.Hemograms;

/// <summary>An individual deviation: a measurement outside its reference range.</summary>
public sealed record Finding(
    HemogramParameter Parameter,
    Direction Direction,
    double Value,
    double ReferenceLow,
    double ReferenceHigh,
    FindingSeverity Severity)
{
    public Condition Condition => new(Parameter, Direction);
}

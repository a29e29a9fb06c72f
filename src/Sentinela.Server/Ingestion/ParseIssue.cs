using Hl7.Fhir.Model;

namespace Sentinela.Server.Ingestion;

/// <summary>One reason a submission was refused, as it will appear in an <see cref="OperationOutcome"/>.</summary>
public sealed record ParseIssue(OperationOutcome.IssueType Code, string Diagnostics, string? Expression = null)
{
    public OperationOutcome.IssueComponent ToComponent() => new()
    {
        Severity = OperationOutcome.IssueSeverity.Error,
        Code = Code,
        Diagnostics = Diagnostics,
        Expression = Expression is null ? [] : [Expression],
    };
}

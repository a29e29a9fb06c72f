using Hl7.Fhir.Model;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Ingestion;

/// <summary>What a result is read within.</summary>
/// <param name="Resolver">The request's other resources (a Bundle's entries, a notification's).</param>
/// <param name="Local">Whose <c>contained</c> local references point into: the result itself, or the report that contains it (null: the result).</param>
/// <param name="Submitter">The laboratory account submitting it: scopes identities without a source, and is the last place it can be located.</param>
/// <param name="SourceHint">Where it came from when that is not the laboratory (the rest-hook's FHIR server).</param>
/// <param name="Container">The identity of the document, collection or report it arrived in: scopes results that have no identifier of their own.</param>
/// <param name="Parent">The DiagnosticReport or Composition it belongs to, whose subject, performer (author), encounter, time and specimen stand in for its own.</param>
/// <param name="ParentStatus">That report's or document's status (<see cref="ResultStatuses.Within"/>).</param>
/// <param name="OnlyHemogram">In a report or document, a result of another exam is left out rather than refused.</param>
public sealed record ReadScope(
    ReferenceResolver Resolver,
    DomainResource? Local = null,
    Guid? Submitter = null,
    string? SourceHint = null,
    string? Container = null,
    DomainResource? Parent = null,
    ResultStatus? ParentStatus = null,
    bool OnlyHemogram = false);

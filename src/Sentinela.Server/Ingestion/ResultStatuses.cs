using Hl7.Fhir.Model;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Ingestion;

/// <summary>The FHIR statuses of results, reports and documents as <see cref="ResultStatus"/>; null for what is not a result (registered, unknown).</summary>
public static class ResultStatuses
{
    public static ResultStatus? Of(ObservationStatus status) => status switch
    {
        ObservationStatus.Preliminary => ResultStatus.Preliminary,
        ObservationStatus.Final => ResultStatus.Final,
        ObservationStatus.Amended => ResultStatus.Amended,
        ObservationStatus.Corrected => ResultStatus.Corrected,
        ObservationStatus.EnteredInError or ObservationStatus.Cancelled => ResultStatus.Retracted,
        _ => null,
    };

    public static ResultStatus? Of(DiagnosticReport.DiagnosticReportStatus status) => status switch
    {
        DiagnosticReport.DiagnosticReportStatus.Partial or DiagnosticReport.DiagnosticReportStatus.Preliminary => ResultStatus.Preliminary,
        DiagnosticReport.DiagnosticReportStatus.Final => ResultStatus.Final,
        DiagnosticReport.DiagnosticReportStatus.Amended or DiagnosticReport.DiagnosticReportStatus.Appended => ResultStatus.Amended,
        DiagnosticReport.DiagnosticReportStatus.Corrected => ResultStatus.Corrected,
        DiagnosticReport.DiagnosticReportStatus.EnteredInError or DiagnosticReport.DiagnosticReportStatus.Cancelled => ResultStatus.Retracted,
        _ => null,
    };

    public static ResultStatus? Of(CompositionStatus status) => status switch
    {
        CompositionStatus.Preliminary => ResultStatus.Preliminary,
        CompositionStatus.Final => ResultStatus.Final,
        CompositionStatus.Amended => ResultStatus.Amended,
        CompositionStatus.EnteredInError => ResultStatus.Retracted,
        _ => null,
    };

    /// <summary>
    /// A result's status within its report or document: a retracted report retracts its results, an amended or corrected
    /// one makes its final results amendments, a preliminary one keeps them preliminary.
    /// </summary>
    public static ResultStatus Within(ResultStatus result, ResultStatus? parent) => (result, parent) switch
    {
        (_, ResultStatus.Retracted) => ResultStatus.Retracted,
        (ResultStatus.Final, ResultStatus.Amended or ResultStatus.Corrected) => parent.Value,
        (ResultStatus.Final, ResultStatus.Preliminary) => ResultStatus.Preliminary,
        _ => result,
    };
}

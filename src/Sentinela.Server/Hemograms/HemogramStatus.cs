namespace Sentinela.Server.Hemograms;

/// <summary>Where a stored hemogram stands in the laboratory's result lifecycle.</summary>
public enum HemogramStatus
{
    /// <summary>Final, or amended/corrected: a result the laboratory stands by.</summary>
    Final,
    /// <summary>Reported as preliminary: stored and flagged; counted only when Sentinela:Ingestion:CountPreliminary is on.</summary>
    Preliminary,
    /// <summary>Every result behind it was entered in error or cancelled: kept for audit, excluded from analysis and evidence.</summary>
    Retracted,
}

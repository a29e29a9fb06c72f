namespace Sentinela.DetectionQuality.Generation;

/// <summary>How common each abnormal finding is in the background: the two regimes a detector must work in.</summary>
public enum PrevalenceLevel
{
    /// <summary>0.5–3 % per condition: an outpatient population, or a laboratory with a narrow case mix.</summary>
    Low,

    /// <summary>Anaemia ~22 %, leukocytosis ~15 %, thrombocytopenia ~8 %, leukopenia ~5 %, others 2–10 %: hospital and ER laboratories.</summary>
    Realistic,
}

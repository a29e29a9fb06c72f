using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis.Counting;

/// <summary>
/// The layout of one municipality-day of counts: hemograms, then tests per parameter (the denominators), then abnormal
/// results per condition (the numerators), as one flat row of integers both stores and the in-memory table share.
/// </summary>
public static class CountSlots
{
    public const int Hemograms = 0;
    public static readonly int Parameters = HemogramParameters.All.Length;
    public static readonly int Conditions = Condition.All.Length;
    public static readonly int Width = 1 + Parameters + Conditions;

    public static int Tests(HemogramParameter parameter) => 1 + (int)parameter;

    public static int Abnormal(Condition condition) => 1 + Parameters + Index(condition);

    /// <summary>A condition's position in <see cref="Condition.All"/> (and its bit in an abnormal mask).</summary>
    public static int Index(Condition condition) => (int)condition.Parameter * 2 + (int)condition.Direction;

    /// <summary>Column names of the slots, in order: hemograms, t_leukocytes…, a_leukocytes_low… (the stores' columns).</summary>
    public static readonly string[] ColumnNames =
    [
        "hemograms",
        .. HemogramParameters.All.Select(p => "t_" + p.ApiName()),
        .. Condition.All.Select(c => "a_" + c.ToString().Replace('-', '_')),
    ];
}

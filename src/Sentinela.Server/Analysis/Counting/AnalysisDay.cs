namespace Sentinela.Server.Analysis.Counting;

/// <summary>
/// The civil day collective analysis counts in: days since 1970-01-01 in Brasília time (UTC−3, without daylight saving
/// since 2019). One fixed offset for the whole country keeps a day the same 24 hours for every municipality, so the counts
/// of neighbours in different time zones add up; for Acre and Amazonas a day starts one or two hours early.
/// </summary>
public static class AnalysisDay
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(-3);

    public static int Of(DateTimeOffset time) => (int)Math.Floor((time.ToUnixTimeMilliseconds() + Offset.TotalMilliseconds) / 86_400_000d);

    /// <summary>When the day begins, as an instant.</summary>
    public static DateTimeOffset Start(int day) => DateTimeOffset.FromUnixTimeMilliseconds((long)(day * 86_400_000d - Offset.TotalMilliseconds));

    /// <summary>0 = Sunday … 6 = Saturday, like <see cref="DayOfWeek"/>; 1970-01-01 was a Thursday.</summary>
    public static int DayOfWeek(int day) => ((day + 4) % 7 + 7) % 7;

    /// <summary>How far into its day an instant is, 0 to 1: how much of today's volume can have arrived.</summary>
    public static double Elapsed(DateTimeOffset time) => (time - Start(Of(time))).TotalDays;
}

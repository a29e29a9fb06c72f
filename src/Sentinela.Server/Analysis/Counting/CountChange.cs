using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Analysis.Counting;

/// <summary>
/// What one stored (or retracted) hemogram does to the counts: written to the analysis outbox in the transaction that
/// stores it, applied to the counters later, exactly once. <paramref name="Sign"/> is +1 to count, −1 to take back.
/// </summary>
public readonly record struct CountChange(int Municipality, int Day, string? Lab, long ReceivedHour, uint MeasuredMask, uint AbnormalMask, int Sign)
{
    public static CountChange Of(Hemogram h, int sign = 1) =>
        new(h.MunicipalityCode, AnalysisDay.Of(h.CollectedAt), h.Lab, h.ReceivedAt.ToUnixTimeSeconds() / 3600, MeasuredMaskOf(h), h.AbnormalMask, sign);

    /// <summary>One bit per parameter the hemogram measured: the tests it adds to each denominator.</summary>
    public static uint MeasuredMaskOf(Hemogram h)
    {
        var mask = 0u;
        foreach (var m in h.Measurements) mask |= 1u << (int)m.Parameter;
        return mask;
    }

    /// <summary>Adds this change to a row laid out as <see cref="CountSlots"/>.</summary>
    public void AddTo(Span<int> row)
    {
        row[CountSlots.Hemograms] += Sign;
        for (var p = 0; p < CountSlots.Parameters; p++)
            if ((MeasuredMask & (1u << p)) != 0) row[1 + p] += Sign;
        for (var c = 0; c < CountSlots.Conditions; c++)
            if ((AbnormalMask & (1u << c)) != 0) row[1 + CountSlots.Parameters + c] += Sign;
    }
}

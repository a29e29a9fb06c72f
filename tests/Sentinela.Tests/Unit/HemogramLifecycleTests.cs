using Sentinela.Geography;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Storage;

namespace Sentinela.Tests.Unit;

/// <summary>The rules both stores apply when a write finds a stored hemogram (Hemograms/HemogramLifecycle.cs).</summary>
public sealed class HemogramLifecycleTests
{
    static readonly DateTimeOffset T0 = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    readonly HemogramLifecycle _lifecycle = new(countPreliminary: false, mergeWindow: TimeSpan.FromDays(1));

    static HemogramMember Result(string key, ResultStatus status, double value, HemogramParameter parameter = HemogramParameter.Platelets)
    {
        var hash = $"{key}:{status}:{value}";
        IReadOnlyList<Finding> findings = parameter == HemogramParameter.Platelets && value < 150_000 ? [TestHemograms.Low(parameter, value)] : [];
        return new HemogramMember(key, hash, status, [new Measurement(parameter, value)], findings, 0, [hash]);
    }

    static Hemogram Of(DateTimeOffset received, params HemogramMember[] members) => new()
    {
        Id = Guid.NewGuid(),
        SourceKey = members[0].Key,
        MunicipalityCode = 3118601,
        StateCode = 31,
        Location = new GeoPoint(-19.93, -44.05),
        CollectedAt = received.AddHours(-2),
        ReceivedAt = received,
        Measurements = members[0].Measurements,
        Findings = members[0].Findings,
        Members = members,
        Status = members[0].Status == ResultStatus.Preliminary ? HemogramStatus.Preliminary : HemogramStatus.Final,
    };

    Hemogram Stored(params HemogramMember[] members) => _lifecycle.New(Of(T0, members))!;

    [Fact]
    public void A_result_sent_again_changes_nothing()
    {
        var stored = Stored(Result("a", ResultStatus.Final, 95_000));
        var revision = _lifecycle.Revise(stored, Of(T0.AddMinutes(5), Result("a", ResultStatus.Final, 95_000)), T0.AddMinutes(5));
        Assert.Equal((WriteOutcome.Unchanged, 1), (revision.Outcome, revision.Hemogram.Version));
    }

    [Theory]
    [InlineData(ResultStatus.Amended)]
    [InlineData(ResultStatus.Corrected)]
    public void An_amendment_replaces_the_values_and_findings_in_a_new_version(ResultStatus status)
    {
        var stored = Stored(Result("a", ResultStatus.Final, 95_000));
        var revision = _lifecycle.Revise(stored, Of(T0.AddHours(1), Result("a", status, 240_000)), T0.AddHours(1));

        Assert.Equal((WriteOutcome.Updated, 2, stored.Id), (revision.Outcome, revision.Hemogram.Version, revision.Hemogram.Id));
        Assert.Equal(240_000, revision.Hemogram.ValueOf(HemogramParameter.Platelets));
        Assert.Empty(revision.Hemogram.Findings);
        Assert.Equal(0u, revision.Hemogram.AbnormalMask);
    }

    [Fact]
    public void A_late_retry_of_the_first_version_does_not_undo_an_amendment()
    {
        var stored = Stored(Result("a", ResultStatus.Final, 95_000));
        var amended = _lifecycle.Revise(stored, Of(T0.AddHours(1), Result("a", ResultStatus.Amended, 240_000)), T0.AddHours(1)).Hemogram;
        var retry = _lifecycle.Revise(amended, Of(T0.AddHours(2), Result("a", ResultStatus.Final, 95_000)), T0.AddHours(2));
        Assert.Equal((WriteOutcome.Unchanged, 240_000.0), (retry.Outcome, retry.Hemogram.ValueOf(HemogramParameter.Platelets)));
    }

    [Fact]
    public void Other_values_under_a_final_result_without_amended_or_corrected_are_a_conflict()
    {
        var stored = Stored(Result("a", ResultStatus.Final, 95_000));
        var final = _lifecycle.Revise(stored, Of(T0.AddHours(1), Result("a", ResultStatus.Final, 240_000)), T0.AddHours(1));
        var preliminary = _lifecycle.Revise(stored, Of(T0.AddHours(1), Result("a", ResultStatus.Preliminary, 240_000)), T0.AddHours(1));

        Assert.Equal(WriteOutcome.Conflict, final.Outcome);
        Assert.Contains("amended or corrected", final.Detail);
        Assert.Equal(WriteOutcome.Conflict, preliminary.Outcome);
        Assert.Same(stored, final.Hemogram);
    }

    [Fact]
    public void A_preliminary_result_is_stored_uncounted_until_its_final_replaces_it()
    {
        var stored = Stored(Result("a", ResultStatus.Preliminary, 60_000));
        Assert.Equal((HemogramStatus.Preliminary, false), (stored.Status, stored.Counted));

        var final = _lifecycle.Revise(stored, Of(T0.AddHours(3), Result("a", ResultStatus.Final, 64_000)), T0.AddHours(3));
        Assert.Equal((WriteOutcome.Updated, HemogramStatus.Final, true, 2), (final.Outcome, final.Hemogram.Status, final.Hemogram.Counted, final.Hemogram.Version));
        Assert.True(new HemogramLifecycle(countPreliminary: true, TimeSpan.FromDays(1)).Counts(HemogramStatus.Preliminary));
    }

    [Fact]
    public void Entered_in_error_retracts_keeps_the_values_for_audit_and_stops_counting()
    {
        var stored = Stored(Result("a", ResultStatus.Final, 95_000));
        var revision = _lifecycle.Revise(stored, Of(T0.AddHours(1), Result("a", ResultStatus.Retracted, 95_000)), T0.AddHours(1));

        Assert.Equal((WriteOutcome.Retracted, HemogramStatus.Retracted, false), (revision.Outcome, revision.Hemogram.Status, revision.Hemogram.Counted));
        Assert.Equal(95_000, revision.Hemogram.ValueOf(HemogramParameter.Platelets));

        var reinstatedAsFinal = _lifecycle.Revise(revision.Hemogram, Of(T0.AddHours(2), Result("a", ResultStatus.Final, 97_000)), T0.AddHours(2));
        var reinstatedAsAmended = _lifecycle.Revise(revision.Hemogram, Of(T0.AddHours(2), Result("a", ResultStatus.Amended, 97_000)), T0.AddHours(2));
        Assert.Equal(WriteOutcome.Conflict, reinstatedAsFinal.Outcome);
        Assert.Equal((WriteOutcome.Updated, HemogramStatus.Final), (reinstatedAsAmended.Outcome, reinstatedAsAmended.Hemogram.Status));
    }

    [Fact]
    public void A_retraction_of_nothing_stored_is_a_miss_and_stores_nothing()
    {
        var stored = Stored(Result("a", ResultStatus.Final, 95_000));
        Assert.Null(_lifecycle.New(Of(T0, Result("b", ResultStatus.Retracted, 95_000))));
        Assert.Equal(WriteOutcome.NotFound, _lifecycle.Revise(stored, Of(T0.AddHours(1), Result("b", ResultStatus.Retracted, 1)), T0.AddHours(1)).Outcome);
    }

    [Fact]
    public void A_later_analyte_of_the_draw_joins_within_the_merge_window_and_only_then()
    {
        var stored = Stored(Result("plt", ResultStatus.Final, 98_000));
        var hemoglobin = Of(T0.AddHours(3), Result("hb", ResultStatus.Final, 11.2, HemogramParameter.Hemoglobin));

        Assert.True(_lifecycle.MayJoin(stored, hemoglobin));
        Assert.False(_lifecycle.MayJoin(stored, hemoglobin with { ReceivedAt = T0.AddDays(2) }));
        var joined = _lifecycle.Revise(stored, hemoglobin, T0.AddHours(3)).Hemogram;
        Assert.Equal((2, 98_000.0, 11.2), (joined.Version, joined.ValueOf(HemogramParameter.Platelets)!.Value, joined.ValueOf(HemogramParameter.Hemoglobin)!.Value));
        Assert.Equal(2, joined.Members.Count);
    }

    [Fact]
    public void One_retracted_analyte_of_several_leaves_the_others_standing()
    {
        var stored = Stored(Result("plt", ResultStatus.Final, 98_000), Result("hb", ResultStatus.Final, 11.2, HemogramParameter.Hemoglobin));
        var revision = _lifecycle.Revise(stored, Of(T0.AddHours(1), Result("plt", ResultStatus.Retracted, 98_000)), T0.AddHours(1));

        Assert.Equal((WriteOutcome.Updated, HemogramStatus.Final), (revision.Outcome, revision.Hemogram.Status));
        Assert.Null(revision.Hemogram.ValueOf(HemogramParameter.Platelets));
        Assert.Equal(0u, revision.Hemogram.AbnormalMask);
    }
}

using Sentinela.Server.Alerts;
using Sentinela.Server.Notifications;

namespace Sentinela.Tests.Unit;

public sealed class NotificationRulesTests
{
    static readonly OutbreakAlert Moderate = TestAlerts.Circle(Sentinela.Geography.MunicipalityTable.BuiltIn().Find(3118601)!, 30);
    static readonly OutbreakAlert Critical = Moderate with { Severity = AlertSeverity.Critical };
    static readonly TimeSpan Brasilia = TimeSpan.FromHours(-3);

    static NotificationPreferences With(NotificationMode mode = NotificationMode.Immediate, QuietHours? quiet = null,
        AlertSeverity minimum = AlertSeverity.Moderate, params string[] types) =>
        new(types.Length == 0 ? ["raised", "updated", "resolved"] : types, minimum, mode, false, quiet);

    static DateTimeOffset Local(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, Brasilia);

    [Fact]
    public void Event_types_and_minimum_severity_decide_whether_a_user_wants_an_alert()
    {
        Assert.True(With().Wants(Moderate, "raised"));
        Assert.False(With(types: ["resolved"]).Wants(Moderate, "raised"));
        Assert.False(With(minimum: AlertSeverity.High).Wants(Moderate, "raised"));
        Assert.True(With(minimum: AlertSeverity.High).Wants(Critical, "raised"));
    }

    [Theory]
    [InlineData(23, 30, 24, 7)]   // late evening: until 07:00 tomorrow
    [InlineData(6, 0, 23, 7)]     // early morning: until 07:00 today
    public void Quiet_hours_hold_a_non_critical_push_until_they_end(int hour, int minute, int endDay, int endHour)
    {
        var quiet = With(quiet: new QuietHours("22:00", "07:00"));

        Assert.Equal(Local(endDay, endHour), quiet.PushTime(Moderate, Local(23, hour, minute)));
        Assert.Equal(Local(23, hour, minute), quiet.PushTime(Critical, Local(23, hour, minute)));
    }

    [Fact]
    public void Outside_quiet_hours_and_immediate_a_push_goes_now_and_a_digest_waits_for_the_next_hour()
    {
        var now = Local(23, 14, 20);

        Assert.Equal(now, With(quiet: new QuietHours("22:00", "07:00")).PushTime(Moderate, now));
        Assert.Equal(Local(23, 15), With(NotificationMode.Digest).PushTime(Moderate, now));
        Assert.Equal(now, With(NotificationMode.Digest).PushTime(Critical, now));
    }
}

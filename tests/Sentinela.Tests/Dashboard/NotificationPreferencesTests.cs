using System.Net;
using System.Net.Http.Json;
using Sentinela.Server;
using Sentinela.Server.Alerts;
using Sentinela.Server.Notifications;
using Sentinela.Tests.Infrastructure;
using static Sentinela.Tests.Dashboard.Clients;

namespace Sentinela.Tests.Dashboard;

/// <summary>GET/PUT /api/user/notification-preferences: defaults until saved, validated, per user, managers only.</summary>
public sealed class NotificationPreferencesTests : ServerTest
{
    const string Url = "/api/user/notification-preferences";
    const string Valid = """
        {"eventTypes":["raised","resolved"],"minimumSeverity":"high","mode":"digest","sound":true,"quietHours":{"start":"22:00","end":"07:00"}}
        """;

    [Fact]
    public async Task A_user_who_never_saved_gets_the_defaults_with_quiet_hours_null()
    {
        using var manager = Manager(Factory, Contagem, "gestora-contagem");

        var json = await manager.GetStringAsync(Url);
        var preferences = (await manager.GetFromJsonAsync<NotificationPreferences>(Url, SentinelaJson.Options))!;

        Assert.Contains("\"quietHours\":null", json);
        Assert.Equal(["raised", "updated", "resolved"], preferences.EventTypes);
        Assert.Equal((AlertSeverity.Moderate, NotificationMode.Immediate, false), (preferences.MinimumSeverity, preferences.Mode, preferences.Sound));
    }

    [Fact]
    public async Task Saved_preferences_come_back_to_their_user_only_and_saving_them_again_is_harmless()
    {
        using var manager = Manager(Factory, Contagem, "gestora-contagem");
        using var colleague = Manager(Factory, Contagem, "outro-gestor");

        var first = await manager.PutAsync(Url, Json(Valid));
        var again = await manager.PutAsync(Url, Json(Valid));
        var mine = (await manager.GetFromJsonAsync<NotificationPreferences>(Url, SentinelaJson.Options))!;
        var theirs = (await colleague.GetFromJsonAsync<NotificationPreferences>(Url, SentinelaJson.Options))!;

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(["raised", "resolved"], mine.EventTypes);
        Assert.Equal((AlertSeverity.High, NotificationMode.Digest, true), (mine.MinimumSeverity, mine.Mode, mine.Sound));
        Assert.Equal(new QuietHours("22:00", "07:00"), mine.QuietHours);
        Assert.Equal(NotificationPreferences.Default.EventTypes, theirs.EventTypes);
        Assert.False(theirs.Sound);

        var cleared = await manager.PutAsync(Url, Json("""{"eventTypes":["raised"],"minimumSeverity":"critical","mode":"immediate","sound":false,"quietHours":null}"""));
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Null((await manager.GetFromJsonAsync<NotificationPreferences>(Url, SentinelaJson.Options))!.QuietHours);
    }

    [Theory]
    [InlineData("""{"minimumSeverity":"high","mode":"digest","sound":true}""", "eventTypes")]
    [InlineData("""{"eventTypes":[],"minimumSeverity":"high","mode":"digest","sound":true}""", "eventTypes")]
    [InlineData("""{"eventTypes":["raised","raised"],"minimumSeverity":"high","mode":"digest","sound":true}""", "eventTypes")]
    [InlineData("""{"eventTypes":["opened"],"minimumSeverity":"high","mode":"digest","sound":true}""", "eventTypes")]
    [InlineData("""{"eventTypes":["raised"],"minimumSeverity":"severe","mode":"digest","sound":true}""", "minimumSeverity")]
    [InlineData("""{"eventTypes":["raised"],"minimumSeverity":"2","mode":"digest","sound":true}""", "minimumSeverity")]
    [InlineData("""{"eventTypes":["raised"],"minimumSeverity":"High","mode":"digest","sound":true}""", "minimumSeverity")]
    [InlineData("""{"eventTypes":["raised"],"minimumSeverity":"high","mode":"weekly","sound":true}""", "mode")]
    [InlineData("""{"eventTypes":["raised"],"minimumSeverity":"high","mode":"digest"}""", "sound")]
    [InlineData("""{"eventTypes":["raised"],"minimumSeverity":"high","mode":"digest","sound":true,"quietHours":{"start":"25:00","end":"07:00"}}""", "quietHours.start")]
    [InlineData("""{"eventTypes":["raised"],"minimumSeverity":"high","mode":"digest","sound":true,"quietHours":{"start":"22:00"}}""", "quietHours.end")]
    [InlineData("""{"eventTypes":["raised"],"minimumSeverity":"high","mode":"digest","sound":true,"quietHours":{"start":"7:00","end":"07:00"}}""", "quietHours.start")]
    [InlineData("""{"eventTypes":["raised"],"minimumSeverity":"high","mode":"digest","sound":true,"quietHours":{"start":"07:00","end":"07:00"}}""", "quietHours.end")]
    public async Task Invalid_preferences_are_a_validation_problem_naming_the_field(string body, string field)
    {
        using var manager = Manager(Factory, Contagem, "gestora-contagem");

        var response = await manager.PutAsync(Url, Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync());
        Assert.False((await manager.GetFromJsonAsync<NotificationPreferences>(Url, SentinelaJson.Options))!.Sound);
    }

    [Fact]
    public async Task Broken_json_wrong_types_and_oversized_bodies_are_refused()
    {
        using var manager = Manager(Factory, Contagem, "gestora-contagem");

        var broken = await manager.PutAsync(Url, Json("""{"eventTypes":["raised" """));
        var wrongType = await manager.PutAsync(Url, Json("""{"eventTypes":"raised","minimumSeverity":"high","mode":"digest","sound":"yes"}"""));
        var empty = await manager.PutAsync(Url, Json(""));
        var oversized = await manager.PutAsync(Url, Json($$"""{"eventTypes":[{{string.Join(",", Enumerable.Repeat("\"raised\"", 10_000))}}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
    }

    [Fact]
    public async Task Preferences_belong_to_signed_in_managers()
    {
        using var anonymous = Factory.CreateAnonymousClient();
        using var lab = await LabAsync(Factory);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Url)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsync(Url, Json(Valid))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lab.GetAsync(Url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lab.PutAsync(Url, Json(Valid))).StatusCode);
    }
}

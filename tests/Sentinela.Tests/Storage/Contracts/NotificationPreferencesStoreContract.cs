using Sentinela.Server.Alerts;
using Sentinela.Server.Notifications;
using Sentinela.Server.Storage;

namespace Sentinela.Tests.Storage.Contracts;

/// <summary>INotificationPreferencesStore: nothing until saved, then the last saved preferences.</summary>
public abstract class NotificationPreferencesStoreContract : StorageContract
{
    INotificationPreferencesStore Store => Storage.Get<INotificationPreferencesStore>();

    [Fact]
    public async Task Preferences_are_absent_until_saved_and_replaced_by_the_next_save()
    {
        var (user, other) = (Guid.NewGuid(), Guid.NewGuid());
        Assert.Null(await Store.GetAsync(user, default));

        await Store.SaveAsync(user, NotificationPreferences.Default, default);
        var quiet = new NotificationPreferences(["raised"], AlertSeverity.High, NotificationMode.Digest, true, new QuietHours("22:00", "07:00"));
        await Store.SaveAsync(user, quiet, default);

        var stored = await Store.GetAsync(user, default);
        Assert.Equal((quiet.MinimumSeverity, quiet.Mode, quiet.Sound, quiet.QuietHours), (stored!.MinimumSeverity, stored.Mode, stored.Sound, stored.QuietHours));
        Assert.Equal(quiet.EventTypes, stored.EventTypes);
        Assert.Null(await Store.GetAsync(other, default));
    }
}

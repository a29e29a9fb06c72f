using Sentinela.Server.Push;
using Sentinela.Server.Push.Devices;
using Sentinela.Server.Push.WebPush;
using Sentinela.Server.Storage;

namespace Sentinela.Tests.Storage.Contracts;

/// <summary>IDeviceStore: devices per user; a token belongs to whoever registered it last.</summary>
public abstract class DeviceStoreContract : StorageContract
{
    IDeviceStore Store => Storage.Get<IDeviceStore>();

    static readonly (Guid Ana, Guid Bruno) Users = (Guid.NewGuid(), Guid.NewGuid());
    const string Expo = "ExponentPushToken[abc]", Fcm = "fcm-token-1", Apns = "a1b2c3d4";

    [Fact]
    public async Task Registering_again_updates_the_device_and_devices_are_listed_per_user()
    {
        await Store.UpsertAsync(new Device("phone", Users.Ana, Expo, null, null, At()), default);
        await Store.UpsertAsync(new Device("phone", Users.Ana, Expo, Fcm, null, At(1)), default);
        await Store.UpsertAsync(new Device("tablet", Users.Bruno, null, null, Apns, At(2)), default);

        Assert.Equal([new Device("phone", Users.Ana, Expo, Fcm, null, At(1))], await Store.ForUsersAsync([Users.Ana], default));
        Assert.Equal(["phone", "tablet"], (await Store.ForUsersAsync([Users.Ana, Users.Bruno, Guid.NewGuid()], default)).Select(d => d.DeviceId));
        Assert.Empty(await Store.ForUsersAsync([], default));
    }

    [Fact]
    public async Task A_token_moves_to_the_user_who_registers_it_last()
    {
        await Store.UpsertAsync(new Device("ana-phone", Users.Ana, Expo, Fcm, null, At()), default);

        await Store.UpsertAsync(new Device("bruno-phone", Users.Bruno, Expo, null, null, At(1)), default);

        Assert.Equal([new Device("ana-phone", Users.Ana, null, Fcm, null, At())], await Store.ForUsersAsync([Users.Ana], default));
        Assert.Equal([new Device("bruno-phone", Users.Bruno, Expo, null, null, At(1))], await Store.ForUsersAsync([Users.Bruno], default));

        await Store.UpsertAsync(new Device("bruno-phone", Users.Bruno, Expo, Fcm, null, At(2)), default);
        Assert.Empty(await Store.ForUsersAsync([Users.Ana], default));
    }

    [Fact]
    public async Task A_device_id_registered_by_another_user_moves_with_its_tokens()
    {
        await Store.UpsertAsync(new Device("shared", Users.Ana, Expo, null, null, At()), default);

        await Store.UpsertAsync(new Device("shared", Users.Bruno, Expo, null, null, At(1)), default);

        Assert.Empty(await Store.ForUsersAsync([Users.Ana], default));
        Assert.Single(await Store.ForUsersAsync([Users.Bruno], default));
    }

    [Fact]
    public async Task Only_its_owner_deletes_a_device()
    {
        await Store.UpsertAsync(new Device("phone", Users.Ana, Expo, null, null, At()), default);

        Assert.False(await Store.DeleteAsync(Users.Bruno, "phone", default));
        Assert.True(await Store.DeleteAsync(Users.Ana, "phone", default));
        Assert.Empty(await Store.ForUsersAsync([Users.Ana], default));
    }

    [Fact]
    public async Task A_dead_token_is_forgotten_and_a_device_left_without_tokens_removed()
    {
        await Store.UpsertAsync(new Device("phone", Users.Ana, Expo, Fcm, null, At()), default);
        await Store.UpsertAsync(new Device("tablet", Users.Ana, null, null, Apns, At()), default);

        await Store.RemoveTokenAsync(PushTarget.Expo(Expo), default);
        await Store.RemoveTokenAsync(PushTarget.Apns(Apns), default);

        Assert.Equal([new Device("phone", Users.Ana, null, Fcm, null, At())], await Store.ForUsersAsync([Users.Ana], default));
    }

    static readonly WebPushSubscription Browser = new("https://fcm.googleapis.com/fcm/send/browser-1", "BP256dh-key", "auth-secret");

    [Fact]
    public async Task A_browser_subscription_is_kept_listed_and_moves_with_its_endpoint()
    {
        await Store.UpsertAsync(new Device(Browser.DeviceId, Users.Ana, null, null, null, At(), Browser), default);
        Assert.Equal([new Device(Browser.DeviceId, Users.Ana, null, null, null, At(), Browser)], await Store.ForUsersAsync([Users.Ana], default));

        // The same endpoint registered under another device id (say, a phone's app that also took the browser's): it moves.
        await Store.UpsertAsync(new Device("bruno-phone", Users.Bruno, Expo, null, null, At(1), Browser with { Auth = "new-auth" }), default);

        Assert.Empty(await Store.ForUsersAsync([Users.Ana], default));
        Assert.Equal("new-auth", Assert.Single(await Store.ForUsersAsync([Users.Bruno], default)).WebPush!.Auth);
    }

    [Fact]
    public async Task A_gone_subscription_is_forgotten_with_its_keys()
    {
        await Store.UpsertAsync(new Device("phone", Users.Ana, Expo, null, null, At(), Browser), default);
        await Store.UpsertAsync(new Device(Browser.DeviceId + "-2", Users.Ana, null, null, null, At(),
            Browser with { Endpoint = Browser.Endpoint + "-2" }), default);

        await Store.RemoveTokenAsync(PushTarget.WebPush(Browser), default);
        await Store.RemoveTokenAsync(PushTarget.WebPush(Browser with { Endpoint = Browser.Endpoint + "-2" }), default);

        Assert.Equal([new Device("phone", Users.Ana, Expo, null, null, At())], await Store.ForUsersAsync([Users.Ana], default));
    }
}

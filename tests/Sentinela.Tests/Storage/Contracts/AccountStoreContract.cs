using Sentinela.Server.Identity;
using Sentinela.Server.Storage;

namespace Sentinela.Tests.Storage.Contracts;

/// <summary>IAccountStore: users unique by CPF, laboratories and their API keys.</summary>
public abstract class AccountStoreContract : StorageContract
{
    IAccountStore Store => Storage.Get<IAccountStore>();

    static UserAccount User(string cpf, Role role = Role.Admin, int minutes = 0, Guid? lab = null) =>
        new(Guid.NewGuid(), Cpf.Parse(cpf), "Maria", role, role == Role.MunicipalManager ? Jurisdiction.OfMunicipality(3118601) : Jurisdiction.Country,
            lab, "$argon2id$v=19$hash", At(minutes));

    [Fact]
    public async Task A_second_user_with_the_same_cpf_is_refused()
    {
        var maria = User("529.982.247-25");

        Assert.True(await Store.AddUserAsync(maria, default));
        Assert.False(await Store.AddUserAsync(User("529.982.247-25"), default));

        Assert.Equal(maria, await Store.FindUserAsync(Cpf.Parse("52998224725"), default));
        Assert.Equal(maria, await Store.GetUserAsync(maria.Id, default));
        Assert.Null(await Store.GetUserAsync(Guid.NewGuid(), default));
    }

    [Fact]
    public async Task Users_are_listed_by_creation_and_keep_role_jurisdiction_and_lab()
    {
        var lab = Guid.NewGuid();
        var (later, earlier) = (User("111.444.777-35", Role.MunicipalManager, 5), User("529.982.247-25", Role.Laboratory, 1, lab));
        await Store.AddUserAsync(later, default);
        await Store.AddUserAsync(earlier, default);

        Assert.Equal([earlier, later], await Store.ListUsersAsync(default));
    }

    [Fact]
    public async Task Disabling_and_new_passwords_are_stored_and_only_enabled_admins_count()
    {
        var admin = User("529.982.247-25");
        Assert.False(await Store.AnyAdminAsync(default));
        await Store.AddUserAsync(admin, default);
        Assert.True(await Store.AnyAdminAsync(default));

        Assert.True(await Store.SetUserDisabledAsync(admin.Id, true, default));
        await Store.SetPasswordHashAsync(admin.Id, "new-hash", default);

        Assert.False(await Store.AnyAdminAsync(default));
        Assert.Equal(admin with { Disabled = true, PasswordHash = "new-hash" }, await Store.GetUserAsync(admin.Id, default));
        Assert.False(await Store.SetUserDisabledAsync(Guid.NewGuid(), true, default));
    }

    [Fact]
    public async Task An_api_key_is_found_only_while_active_and_its_lab_enabled()
    {
        var (lab, disabledLab) = (new Laboratory(Guid.NewGuid(), "Lab Central", "1234567", At()), new Laboratory(Guid.NewGuid(), "Lab Fechado", null, At(1), Disabled: true));
        await Store.AddLabAsync(lab, default);
        await Store.AddLabAsync(disabledLab, default);
        var key = new LabApiKey("k1", lab.Id, "hash-1", At(2));
        await Store.AddApiKeyAsync(key, default);
        await Store.AddApiKeyAsync(new LabApiKey("k2", disabledLab.Id, "hash-2", At(2)), default);

        Assert.Equal((lab, key), await Store.FindApiKeyAsync("hash-1", default));
        Assert.Null(await Store.FindApiKeyAsync("hash-2", default));
        Assert.False(await Store.RevokeApiKeyAsync(disabledLab.Id, "k1", At(3), default));
        Assert.True(await Store.RevokeApiKeyAsync(lab.Id, "k1", At(3), default));
        Assert.False(await Store.RevokeApiKeyAsync(lab.Id, "k1", At(4), default));
        Assert.Null(await Store.FindApiKeyAsync("hash-1", default));
        Assert.Equal([lab, disabledLab], await Store.ListLabsAsync(default));
        Assert.Equal(disabledLab, await Store.GetLabAsync(disabledLab.Id, default));
    }
}

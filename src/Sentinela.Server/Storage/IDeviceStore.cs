using Sentinela.Server.Push;
using Sentinela.Server.Push.Devices;

namespace Sentinela.Server.Storage;

/// <summary>Users' devices and their push tokens.</summary>
public interface IDeviceStore
{
    /// <summary>
    /// Registers or updates the device; a token (or device id) last registered by someone else moves to this user, as
    /// on a shared phone after a new login.
    /// </summary>
    Task UpsertAsync(Device device, CancellationToken ct);

    Task<bool> DeleteAsync(Guid userId, string deviceId, CancellationToken ct);

    Task<IReadOnlyList<Device>> ForUsersAsync(IReadOnlyCollection<Guid> userIds, CancellationToken ct);

    /// <summary>Forgets a token the provider said is dead; a device left without tokens is removed.</summary>
    Task RemoveTokenAsync(PushTarget target, CancellationToken ct);
}

namespace Sentinela.Server.Identity;

/// <summary>What an account may do; its <see cref="Jurisdiction"/> says where.</summary>
public enum Role
{
    /// <summary>Everything, everywhere: manages users and labs.</summary>
    Admin,
    /// <summary>Reads and receives alerts of one state (UF).</summary>
    StateCoordinator,
    /// <summary>Reads and receives alerts of one IBGE municipality.</summary>
    MunicipalManager,
    /// <summary>Submits hemograms; reads and receives no alerts.</summary>
    Laboratory,
}

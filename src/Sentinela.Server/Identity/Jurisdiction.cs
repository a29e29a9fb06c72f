using System.Diagnostics.CodeAnalysis;
using Sentinela.Geography;
using Sentinela.Server.Alerts;

namespace Sentinela.Server.Identity;

/// <summary>
/// Where an account's authority runs: the whole country, one state (UF, by IBGE state code) or one IBGE municipality.
/// An alert is within a jurisdiction when its area reaches it (see <see cref="AlertFootprint"/>); a hemogram, when it was
/// collected there. Written "BR", "UF:31" or "MUN:3118601" in tokens.
/// </summary>
public sealed record Jurisdiction(JurisdictionKind Kind, int? StateCode = null, int? MunicipalityCode = null)
{
    public static Jurisdiction Country { get; } = new(JurisdictionKind.Country);

    public static Jurisdiction OfState(int stateCode) => new(JurisdictionKind.State, stateCode);

    public static Jurisdiction OfMunicipality(int ibgeCode) => new(JurisdictionKind.Municipality, ibgeCode / 100_000, ibgeCode);

    /// <summary>Whether the whole state lies within: a country or that state's jurisdiction.</summary>
    public bool ContainsState(int stateCode) => Kind == JurisdictionKind.Country || (Kind == JurisdictionKind.State && StateCode == stateCode);

    public bool ContainsMunicipality(int ibgeCode) => Kind switch
    {
        JurisdictionKind.Country => true,
        JurisdictionKind.State => ibgeCode / 100_000 == StateCode,
        _ => ibgeCode == MunicipalityCode,
    };

    /// <summary>Whether the alert's area reaches this jurisdiction.</summary>
    public bool Covers(AlertFootprint footprint) => Kind switch
    {
        JurisdictionKind.Country => true,
        JurisdictionKind.State => footprint.States.Contains(StateCode!.Value),
        _ => footprint.Municipalities.Contains(MunicipalityCode!.Value),
    };

    public override string ToString() => Kind switch
    {
        JurisdictionKind.Country => "BR",
        JurisdictionKind.State => $"UF:{StateCode}",
        _ => $"MUN:{MunicipalityCode}",
    };

    public static bool TryParse(string? text, [NotNullWhen(true)] out Jurisdiction? jurisdiction)
    {
        jurisdiction = text switch
        {
            "BR" => Country,
            ['U', 'F', ':', .. var uf] when int.TryParse(uf, out var code) && BrazilianState.TryFind(code.ToString(), out _) => OfState(code),
            ['M', 'U', 'N', ':', .. var m] when int.TryParse(m, out var code) && code is >= 1_000_000 and <= 9_999_999 => OfMunicipality(code),
            _ => null,
        };
        return jurisdiction is not null;
    }
}

public enum JurisdictionKind
{
    Country,
    State,
    Municipality,
}

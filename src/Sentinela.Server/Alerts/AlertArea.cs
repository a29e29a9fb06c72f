using System.Runtime.Serialization;
using System.Text.Json.Serialization;
using Sentinela.Geography;

namespace Sentinela.Server.Alerts;

/// <summary>Where an outbreak is: a circle around a case, or a municipality/state drawn as a circle around its centroid.</summary>
public sealed record AlertArea(
    AreaKind Kind,
    GeoPoint Centre,
    double RadiusKm,
    int StateCode,
    string StateAbbreviation,
    int? MunicipalityCode,
    string? MunicipalityName)
{
    /// <summary>
    /// Whether a new signal is this alert's outbreak seen through another lens: its centre lies inside this area (any
    /// signal in the same state, for state areas; a state signal, by any alert in its state). A cluster centred outside
    /// raises its own alert.
    /// </summary>
    public bool Absorbs(AlertArea signal) =>
        Kind == AreaKind.State || signal.Kind == AreaKind.State
            ? StateCode == signal.StateCode
            : Centre.DistanceKm(signal.Centre) <= RadiusKm;

    /// <summary>Whether a case at this place falls inside the area.</summary>
    public bool Contains(GeoPoint point, int municipalityCode, int stateCode) => Kind switch
    {
        AreaKind.State => stateCode == StateCode,
        AreaKind.Municipality => municipalityCode == MunicipalityCode,
        _ => Centre.DistanceKm(point) <= RadiusKm,
    };

    /// <summary>"Contagem/MG", "raio de 50 km em torno de Contagem/MG", "MG".</summary>
    [JsonIgnore, IgnoreDataMember]
    public string PortugueseName => Kind switch
    {
        AreaKind.State => StateAbbreviation,
        AreaKind.Municipality => $"{MunicipalityName}/{StateAbbreviation}",
        _ => $"raio de {PortugueseNumber.Format(RadiusKm, "0.#")} km em torno de {MunicipalityName}/{StateAbbreviation}",
    };
}

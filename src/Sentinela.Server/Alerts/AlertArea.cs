using System.Runtime.Serialization;
using System.Text.Json.Serialization;
using Sentinela.Geography;

namespace Sentinela.Server.Alerts;

/// <summary>
/// Where an alert is: the municipalities it covers (its footprint, IBGE codes, the core municipality first), named by the
/// core one, and drawn as the circle around the core's centroid that covers the others' centroids.
/// </summary>
public sealed record AlertArea(
    AreaKind Kind,
    GeoPoint Centre,
    double RadiusKm,
    int StateCode,
    string StateAbbreviation,
    int MunicipalityCode,
    string MunicipalityName,
    IReadOnlyList<int> Municipalities)
{
    /// <summary>"Contagem/MG", "Contagem/MG e mais 3 municípios".</summary>
    [JsonIgnore, IgnoreDataMember]
    public string PortugueseName => Municipalities.Count <= 1
        ? $"{MunicipalityName}/{StateAbbreviation}"
        : $"{MunicipalityName}/{StateAbbreviation} e mais {Municipalities.Count - 1} {(Municipalities.Count == 2 ? "município" : "municípios")}";

    /// <summary>Equal when every field and the footprint, in order, are equal (a record compares lists by reference).</summary>
    public bool Equals(AlertArea? other) =>
        other is not null && Kind == other.Kind && Centre == other.Centre && RadiusKm == other.RadiusKm && StateCode == other.StateCode
        && StateAbbreviation == other.StateAbbreviation && MunicipalityCode == other.MunicipalityCode && MunicipalityName == other.MunicipalityName
        && Municipalities.SequenceEqual(other.Municipalities);

    public override int GetHashCode() => HashCode.Combine(Kind, Centre, MunicipalityCode, Municipalities.Count);

    /// <summary>The area of these municipalities (core first); unknown codes are kept in the footprint but not drawn.</summary>
    public static AlertArea Of(IReadOnlyList<int> municipalities, MunicipalityTable table, double municipalityRadiusKm)
    {
        var core = table.Find(municipalities[0]);
        var centre = core?.Centroid ?? default;
        var radius = municipalities.Select(table.Find).OfType<Municipality>().Select(m => m.Centroid.DistanceKm(centre)).DefaultIfEmpty(0).Max();
        var state = core?.StateCode ?? municipalities[0] / 100_000;
        return new AlertArea(municipalities.Count == 1 ? AreaKind.Municipality : AreaKind.Cluster, centre, radius + municipalityRadiusKm,
            state, BrazilianState.FromCode(state).Abbreviation, municipalities[0], core?.Name ?? municipalities[0].ToString(),
            municipalities);
    }
}

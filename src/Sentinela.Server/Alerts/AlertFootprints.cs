using Sentinela.Geography;

namespace Sentinela.Server.Alerts;

/// <summary>
/// The places an alert reaches. Municipalities and states have no shipped polygons, so a municipality is its centroid and
/// a state the set of its municipalities' centroids: a circle reaches a municipality when it covers the centroid (and
/// always reaches the municipality it is centred in). Pure.
/// </summary>
public sealed class AlertFootprints(MunicipalityTable municipalities)
{
    /// <summary>Computed once per alert and shared by every watch and jurisdiction it is matched against.</summary>
    public AlertFootprint Of(OutbreakAlert alert)
    {
        var area = alert.Area;
        var reached = area.Kind switch
        {
            AreaKind.State => municipalities.InState(area.StateCode).Select(m => m.IbgeCode),
            AreaKind.Municipality => [area.MunicipalityCode!.Value],
            _ => municipalities.All.Where(m => m.Centroid.DistanceKm(area.Centre) <= area.RadiusKm).Select(m => m.IbgeCode)
                .Concat(area.MunicipalityCode is { } own ? [own] : []),
        };
        var codes = reached.ToHashSet();
        var states = codes.Select(c => c / 100_000).Append(area.StateCode).ToHashSet();
        return new AlertFootprint(alert, codes, states);
    }
}

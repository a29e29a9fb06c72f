using Sentinela.Geography;
using Sentinela.Server.Alerts;

namespace Sentinela.Server.Delivery;

/// <summary>
/// Whether an alert's area intersects a watch area. Circles are exact (great-circle distance between centres against the
/// sum of radii). Municipalities and states have no shipped polygons, so a municipality is its centroid and a state is
/// the set of its municipalities' centroids: a circle reaches a municipality when it covers the centroid, and a state
/// when it covers any of the state's centroids. Pure.
/// </summary>
public sealed class AlertTargeting(MunicipalityTable municipalities)
{
    /// <summary>The places an alert reaches, computed once per alert and shared by every watch it is matched against.</summary>
    public AlertFootprint FootprintOf(OutbreakAlert alert)
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

    public bool Matches(AlertFootprint footprint, Watch watch)
    {
        if (!watch.EventTypes.Contains(AlertEvent.TypeOf(footprint.Alert))) return false;
        var area = footprint.Alert.Area;
        return watch.Kind switch
        {
            WatchKind.State => footprint.States.Contains(watch.StateCode),
            WatchKind.Municipality => footprint.Municipalities.Contains(watch.MunicipalityCode!.Value),
            _ when area.Kind == AreaKind.State => watch.StateCode == area.StateCode
                || municipalities.InState(area.StateCode).Any(m => m.Centroid.DistanceKm(watch.Centre) <= watch.RadiusKm),
            _ => area.Centre.DistanceKm(watch.Centre) <= area.RadiusKm + watch.RadiusKm,
        };
    }
}

/// <summary>An alert with the municipalities (by centroid) and states its area reaches.</summary>
public sealed record AlertFootprint(OutbreakAlert Alert, IReadOnlySet<int> Municipalities, IReadOnlySet<int> States);

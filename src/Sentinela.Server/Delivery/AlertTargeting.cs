using Sentinela.Geography;
using Sentinela.Server.Alerts;

namespace Sentinela.Server.Delivery;

/// <summary>
/// Whether an alert's area intersects a watch area. Circles are exact (great-circle distance between centres against the
/// sum of radii); municipalities and states are matched through the alert's <see cref="AlertFootprint"/>. Pure.
/// </summary>
public sealed class AlertTargeting(AlertFootprints footprints)
{
    public AlertFootprint FootprintOf(OutbreakAlert alert) => footprints.Of(alert);

    public bool Matches(AlertFootprint footprint, Watch watch)
    {
        if (!watch.EventTypes.Contains(AlertEvent.TypeOf(footprint.Alert))) return false;
        var area = footprint.Alert.Area;
        return watch.Kind switch
        {
            WatchKind.State => footprint.States.Contains(watch.StateCode),
            WatchKind.Municipality => footprint.Municipalities.Contains(watch.MunicipalityCode!.Value),
            _ => area.Centre.DistanceKm(watch.Centre) <= area.RadiusKm + watch.RadiusKm,
        };
    }
}

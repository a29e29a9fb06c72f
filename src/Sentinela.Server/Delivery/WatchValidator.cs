using Sentinela.Geography;
using Sentinela.Server.Identity;

namespace Sentinela.Server.Delivery;

/// <summary>
/// Turns a client's <see cref="WatchArea"/> into a <see cref="Watch"/>, or says what is wrong with it. A watch must lie
/// within the user's jurisdiction: its state, its municipality, or a circle centred in it (what the circle reaches
/// beyond is filtered by jurisdiction at delivery).
/// </summary>
public sealed class WatchValidator(MunicipalityTable municipalities)
{
    public const double MaxRadiusKm = 2000;

    public Watch Validate(WatchArea area, string id, Jurisdiction jurisdiction)
    {
        var watch = Read(area, id);
        var within = watch.Kind switch
        {
            WatchKind.State => jurisdiction.ContainsState(watch.StateCode),
            WatchKind.Municipality => jurisdiction.ContainsMunicipality(watch.MunicipalityCode!.Value),
            _ => jurisdiction.Kind == JurisdictionKind.Country
                || municipalities.Nearest(watch.Centre) is { } m && jurisdiction.ContainsMunicipality(m.IbgeCode),
        };
        return within ? watch : throw new WatchAreaException("This watch area lies outside your jurisdiction.");
    }

    Watch Read(WatchArea area, string id)
    {
        var types = area.EventTypes is null or [] ? AlertEvent.AllTypes.ToHashSet() : area.EventTypes.Select(t => t.ToLowerInvariant()).ToHashSet();
        if (types.Except(AlertEvent.AllTypes).FirstOrDefault() is { } unknown)
            throw new WatchAreaException($"Unknown event type '{unknown}'; use raised, updated or resolved.");

        var isCircle = area.Latitude is not null || area.Longitude is not null || area.RadiusKm is not null;
        var kinds = (isCircle ? 1 : 0) + (area.MunicipalityCode is not null ? 1 : 0) + (area.State is not null ? 1 : 0);
        if (kinds != 1) throw new WatchAreaException("Give exactly one of: latitude + longitude + radiusKm, municipalityCode, state.");

        if (isCircle)
        {
            if (area is not { Latitude: { } lat, Longitude: { } lon, RadiusKm: { } radius })
                throw new WatchAreaException("A circle needs latitude, longitude and radiusKm.");
            var centre = new GeoPoint(lat, lon);
            if (!centre.IsValid) throw new WatchAreaException("Latitude/longitude out of range.");
            if (radius is <= 0 or > MaxRadiusKm || !double.IsFinite(radius)) throw new WatchAreaException($"radiusKm must be in (0, {MaxRadiusKm}].");
            var state = municipalities.Nearest(centre)?.StateCode ?? 0;
            return new Watch(id, WatchKind.Circle, centre, radius, null, state, types);
        }
        if (area.MunicipalityCode is { } code)
        {
            var m = municipalities.Find(code) ?? throw new WatchAreaException($"Unknown IBGE municipality {code}.");
            return new Watch(id, WatchKind.Municipality, m.Centroid, 0, m.IbgeCode, m.StateCode, types);
        }
        if (!BrazilianState.TryFind(area.State!, out var uf)) throw new WatchAreaException($"Unknown state '{area.State}'.");
        return new Watch(id, WatchKind.State, default, 0, null, uf.Code, types);
    }
}

/// <summary>A watch area a client may not subscribe to; its message goes back to the client.</summary>
public sealed class WatchAreaException(string message) : Exception(message);

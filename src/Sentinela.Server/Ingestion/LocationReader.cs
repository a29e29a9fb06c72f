using System.Globalization;
using Hl7.Fhir.Model;
using Sentinela.Geography;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// Reads what addresses and locations say about where a hemogram comes from: the BR Core municipality extension (IBGE
/// code, 6 or 7 digits), <c>Address.city</c> when it holds such a code, the city and state as names, and the standard
/// geolocation extension (latitude/longitude); a Location's position. Home addresses first.
/// </summary>
public static class LocationReader
{
    public const string MunicipalityExtension = "http://www.saude.gov.br/fhir/r4/StructureDefinition/BRMunicipio-1.0";
    public const string GeolocationExtension = "http://hl7.org/fhir/StructureDefinition/geolocation";

    /// <summary>What one set of addresses says: an IBGE code, a coordinate, a city and state by name (each from the first address that has it).</summary>
    public sealed record AddressLocation(int? IbgeCode, GeoPoint? Point, string? City, string? State);

    public static AddressLocation? Read(IEnumerable<Address> addresses)
    {
        int? code = null;
        GeoPoint? point = null;
        (string? City, string? State)? named = null;
        foreach (var address in addresses.OrderBy(a => a.Use == Address.AddressUse.Home ? 0 : 1))
        {
            code ??= ReadCode(address);
            point ??= PointOf(address.Extension);
            if (named is null && !string.IsNullOrWhiteSpace(address.City) && !IsCode(address.City)) named = (address.City, address.State);
        }
        return code is null && point is null && named is null ? null : new AddressLocation(code, point, named?.City, named?.State);
    }

    /// <summary>The geolocation extension among these extensions (of an Address, or of the result itself).</summary>
    public static GeoPoint? PointOf(IEnumerable<Extension> extensions)
    {
        var geo = extensions.FirstOrDefault(e => e.Url == GeolocationExtension);
        if (geo is null) return null;
        var lat = (geo.GetExtension("latitude")?.Value as FhirDecimal)?.Value;
        var lon = (geo.GetExtension("longitude")?.Value as FhirDecimal)?.Value;
        return lat is null || lon is null ? null : new GeoPoint((double)lat, (double)lon);
    }

    /// <summary>A Location resource's position.</summary>
    public static GeoPoint? PointOf(Location.PositionComponent? position) =>
        position?.Latitude is { } lat && position.Longitude is { } lon ? new GeoPoint((double)lat, (double)lon) : null;

    static int? ReadCode(Address address)
    {
        var value = address.GetExtension(MunicipalityExtension)?.Value switch
        {
            CodeableConcept cc => cc.Coding.FirstOrDefault()?.Code,
            Code c => c.Value,
            FhirString s => s.Value,
            Coding coding => coding.Code,
            _ => null,
        } ?? address.City;
        return IsCode(value) ? int.Parse(value!, CultureInfo.InvariantCulture) : null;
    }

    static bool IsCode(string? value) => value is { Length: 6 or 7 } && value.All(char.IsAsciiDigit);
}

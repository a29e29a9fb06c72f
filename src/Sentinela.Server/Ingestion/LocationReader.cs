using System.Globalization;
using Hl7.Fhir.Model;
using Sentinela.Geography;

namespace Sentinela.Server.Ingestion;

/// <summary>
/// Reads where a hemogram comes from. Paths, in order: the subject Patient's addresses, then the performer
/// Organization's addresses. In an Address: the BR Core municipality extension (IBGE code, 6 or 7 digits),
/// or <c>Address.city</c> when it holds an IBGE code; and the standard geolocation extension (latitude/longitude).
/// </summary>
public static class LocationReader
{
    public const string MunicipalityExtension = "http://www.saude.gov.br/fhir/r4/StructureDefinition/BRMunicipio-1.0";
    public const string GeolocationExtension = "http://hl7.org/fhir/StructureDefinition/geolocation";

    public sealed record AddressLocation(int? IbgeCode, GeoPoint? Point);

    public static AddressLocation? Read(IEnumerable<Address> addresses)
    {
        int? code = null;
        GeoPoint? point = null;
        foreach (var address in addresses.OrderBy(a => a.Use == Address.AddressUse.Home ? 0 : 1))
        {
            code ??= ReadCode(address);
            point ??= ReadPoint(address);
        }
        return code is null && point is null ? null : new AddressLocation(code, point);
    }

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
        return value is { Length: 6 or 7 } && value.All(char.IsAsciiDigit)
            ? int.Parse(value, CultureInfo.InvariantCulture) : null;
    }

    static GeoPoint? ReadPoint(Address address)
    {
        var geo = address.GetExtension(GeolocationExtension);
        if (geo is null) return null;
        var lat = (geo.GetExtension("latitude")?.Value as FhirDecimal)?.Value;
        var lon = (geo.GetExtension("longitude")?.Value as FhirDecimal)?.Value;
        return lat is null || lon is null ? null : new GeoPoint((double)lat, (double)lon);
    }
}

using Hl7.Fhir.Model;
using Sentinela.Geography;
using Sentinela.Server.Ingestion;

namespace Sentinela.Tests.Unit;

public sealed class LocationReaderTests
{
    static Address WithMunicipality(DataType value, Address.AddressUse? use = null) => new()
    {
        Use = use,
        Extension = [new Extension(LocationReader.MunicipalityExtension, value)],
    };

    static Extension Geolocation(decimal? lat, decimal? lon)
    {
        var geo = new Extension { Url = LocationReader.GeolocationExtension };
        if (lat is { } la) geo.SetExtension("latitude", new FhirDecimal(la));
        if (lon is { } lo) geo.SetExtension("longitude", new FhirDecimal(lo));
        return geo;
    }

    [Theory]
    [MemberData(nameof(CodeShapes))]
    public void Municipality_code_is_read_from_every_shape_the_extension_takes(DataType value)
    {
        var location = LocationReader.Read([WithMunicipality(value)]);

        Assert.NotNull(location);
        Assert.Equal(3118601, location.IbgeCode);
        Assert.Null(location.Point);
    }

    public static TheoryData<DataType> CodeShapes() => new()
    {
        new CodeableConcept("http://www.saude.gov.br/fhir/r4/CodeSystem/BRDivisaoGeograficaBrasil-1.0", "3118601"),
        new Code("3118601"),
        new FhirString("3118601"),
        new Coding("http://www.saude.gov.br/fhir/r4/CodeSystem/BRDivisaoGeograficaBrasil-1.0", "3118601"),
    };

    [Theory]
    [InlineData("311860", 311860)]
    [InlineData("3118601", 3118601)]
    public void Address_city_with_six_or_seven_digits_is_a_code(string city, int expected)
    {
        Assert.Equal(expected, LocationReader.Read([new Address { City = city }])?.IbgeCode);
    }

    [Theory]
    [InlineData("Contagem")]
    [InlineData("31186")]
    [InlineData("31186011")]
    [InlineData("31186O1")]
    public void Address_city_that_is_not_a_six_or_seven_digit_code_is_a_name_not_a_code(string city)
    {
        var location = LocationReader.Read([new Address { City = city, State = "MG" }]);

        Assert.Null(location!.IbgeCode);
        Assert.Equal((city, "MG"), (location.City, location.State));
    }

    [Fact]
    public void An_address_without_code_city_or_coordinate_is_no_location()
    {
        Assert.Null(LocationReader.Read([new Address { City = "", Line = ["Rua das Flores, 100"] }]));
    }

    [Fact]
    public void Geolocation_extension_gives_a_point()
    {
        var address = new Address { Extension = [Geolocation(-19.9321m, -44.0539m)] };

        var location = LocationReader.Read([address]);

        Assert.NotNull(location);
        Assert.Null(location.IbgeCode);
        Assert.Equal(new GeoPoint(-19.9321, -44.0539), location.Point);
    }

    [Fact]
    public void Geolocation_without_longitude_is_no_point()
    {
        Assert.Null(LocationReader.Read([new Address { Extension = [Geolocation(-19.9321m, null)] }]));
    }

    [Fact]
    public void Home_address_is_preferred_over_earlier_addresses()
    {
        var work = WithMunicipality(new Code("3106200"), Address.AddressUse.Work);
        var home = WithMunicipality(new Code("3118601"), Address.AddressUse.Home);

        Assert.Equal(3118601, LocationReader.Read([work, home])?.IbgeCode);
    }

    [Fact]
    public void Code_and_point_may_come_from_different_addresses()
    {
        var coded = WithMunicipality(new Code("3118601"));
        var located = new Address { Extension = [Geolocation(-19.95m, -44.06m)] };

        var location = LocationReader.Read([coded, located]);

        Assert.Equal(3118601, location?.IbgeCode);
        Assert.Equal(new GeoPoint(-19.95, -44.06), location?.Point);
    }

    [Fact]
    public void No_addresses_is_no_location()
    {
        Assert.Null(LocationReader.Read([]));
        Assert.Null(LocationReader.Read([new Address { Line = ["Rua das Flores, 100"] }]));
    }
}

using Microsoft.Extensions.Options;
using Sentinela.Geography;

namespace Sentinela.Server.Geography;

public static class GeographyServiceCollectionExtensions
{
    public static IServiceCollection AddGeography(this IServiceCollection services)
    {
        services.AddOptions<GeographyOptions>().BindConfiguration(GeographyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var file = sp.GetRequiredService<IOptions<GeographyOptions>>().Value.MunicipalitiesFile;
            return string.IsNullOrWhiteSpace(file) ? MunicipalityTable.BuiltIn() : MunicipalityTable.Load(file);
        });
        return services;
    }
}

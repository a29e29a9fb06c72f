using Microsoft.Extensions.Options;
using Sentinela.Server.Analysis.Collective;
using Sentinela.Server.Analysis.Individual;

namespace Sentinela.Server.Analysis;

public static class AnalysisServiceCollectionExtensions
{
    public static IServiceCollection AddAnalysis(this IServiceCollection services)
    {
        services.AddOptions<IndividualAnalysisOptions>().BindConfiguration(IndividualAnalysisOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CollectiveAnalysisOptions>().BindConfiguration(CollectiveAnalysisOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new IndividualAnalyzer(sp.GetRequiredService<IOptions<IndividualAnalysisOptions>>().Value));
        services.AddSingleton<AnalysisMetrics>();
        services.AddSingleton<CollectiveAnalysis>();
        services.AddHostedService<AnalysisTimer>();
        return services;
    }
}

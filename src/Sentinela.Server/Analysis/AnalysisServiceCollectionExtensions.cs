using Microsoft.Extensions.Options;
using Sentinela.Geography;
using Sentinela.Server.Analysis.Baselines;
using Sentinela.Server.Analysis.Decisions;
using Sentinela.Server.Analysis.Individual;
using Sentinela.Server.Analysis.Outbreaks;
using Sentinela.Server.Analysis.Scan;
using Sentinela.Server.Analysis.Silence;

namespace Sentinela.Server.Analysis;

public static class AnalysisServiceCollectionExtensions
{
    /// <summary>
    /// Individual findings in the request; collective analysis after it: the outbox worker counts, the decision loop decides
    /// (under the decision lease when one is registered, see <see cref="AddDecisionLease"/>).
    /// </summary>
    public static IServiceCollection AddAnalysis(this IServiceCollection services)
    {
        services.AddOptions<IndividualAnalysisOptions>().BindConfiguration(IndividualAnalysisOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DetectionOptions>().BindConfiguration(DetectionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BaselineOptions>().BindConfiguration(DetectionOptions.Section + ":Baseline").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ScanOptions>().BindConfiguration(DetectionOptions.Section + ":Scan").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FeedSilenceOptions>().BindConfiguration(DetectionOptions.Section + ":FeedSilence").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AnalysisOutboxOptions>().BindConfiguration(AnalysisOutboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new IndividualAnalyzer(sp.GetRequiredService<IOptions<IndividualAnalysisOptions>>().Value));
        services.AddSingleton<AnalysisMetrics>();
        services.AddSingleton<AnalysisWakeUps>();
        services.AddSingleton(sp => new DetectionEngine(
            sp.GetRequiredService<IOptions<DetectionOptions>>().Value,
            sp.GetRequiredService<IOptions<BaselineOptions>>().Value,
            sp.GetRequiredService<IOptions<ScanOptions>>().Value,
            sp.GetRequiredService<IOptions<FeedSilenceOptions>>().Value,
            sp.GetRequiredService<MunicipalityTable>(),
            TemporalDetectors.Create(sp.GetRequiredService<IOptions<DetectionOptions>>().Value.TemporalKinds, sp.GetRequiredService<IConfiguration>()),
            sp.GetRequiredService<TimeProvider>().GetUtcNow()));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<DetectionOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<FeedSilenceOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<BaselineOptions>>().Value);
        services.AddSingleton<OutbreakDecider>();
        services.AddHostedService<AnalysisOutboxWorker>();
        services.AddHealthChecks().AddCheck<AnalysisHealthCheck>("analysis", tags: ["ready"]);
        services.AddHostedService<DecisionLoop>();
        return services;
    }

    /// <summary>Several instances: one decides at a time, under a Redis lease (needs an IConnectionMultiplexer).</summary>
    public static IServiceCollection AddDecisionLease(this IServiceCollection services)
    {
        services.AddOptions<LeaseOptions>().BindConfiguration(LeaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DecisionLease>();
        return services;
    }
}

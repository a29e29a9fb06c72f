using Sentinela.Server.Analysis;
using Sentinela.Server.Analysis.Baselines;
using Sentinela.Server.Analysis.Decisions;
using Sentinela.Server.Analysis.Detection;
using Sentinela.Server.Analysis.Outbreaks;
using Sentinela.Server.Analysis.Scan;
using Sentinela.Server.Analysis.Silence;
using Sentinela.Server.Hemograms;
using Sentinela.Server.Analysis.Individual;
using Sentinela.Server.Ingestion;

namespace Sentinela.Tests.Unit;

/// <summary>Every default written in code is also written, with the same value, in appsettings.json for operators to see.</summary>
public sealed class OptionsDefaultsTests
{
    [Fact]
    public void Detection_defaults_in_code_match_appsettings()
    {
        // Lists and maps live only in appsettings.json (the configuration binder adds to a collection set in code).
        Assert.Equal(Json(new DetectionOptions()), Json(ShippedSettings.Section<DetectionOptions>(DetectionOptions.Section)));
        Assert.Equal(Json(new BaselineOptions { PriorRates = ShippedSettings.Section<BaselineOptions>(DetectionOptions.Section + ":Baseline").PriorRates }),
            Json(ShippedSettings.Section<BaselineOptions>(DetectionOptions.Section + ":Baseline")));
        Assert.Equal(Json(new ScanOptions()), Json(ShippedSettings.Section<ScanOptions>(DetectionOptions.Section + ":Scan")));
        Assert.Equal(Json(new AnalysisOutboxOptions()), Json(ShippedSettings.Section<AnalysisOutboxOptions>(AnalysisOutboxOptions.Section)));
        Assert.Equal(Json(new LeaseOptions()), Json(ShippedSettings.Section<LeaseOptions>(LeaseOptions.Section)));
        Assert.Equal(Json(new FeedSilenceOptions()), Json(ShippedSettings.Section<FeedSilenceOptions>(DetectionOptions.Section + ":FeedSilence")));
        Assert.Equal(Json(new CusumOptions()), Json(ShippedSettings.Section<CusumOptions>(DetectionOptions.Section + ":Cusum")));
        Assert.Equal(Json(new EwmaOptions()), Json(ShippedSettings.Section<EwmaOptions>(DetectionOptions.Section + ":Ewma")));
        // EARS's floor is a proportion in the product (R's default 0 suits counts): the one shipped value that differs from the code's.
        Assert.Equal(Json(new EarsOptions { MinSigma = 0.02 }), Json(ShippedSettings.Section<EarsOptions>(DetectionOptions.Section + ":Ears")));
        Assert.Equal(Condition.All.Select(c => c.ToString()).Order(),
            ShippedSettings.Section<BaselineOptions>(DetectionOptions.Section + ":Baseline").PriorRates.Keys.Order());
    }

    static string Json<T>(T options) => System.Text.Json.JsonSerializer.Serialize(options);

    [Fact]
    public void Ingestion_defaults_in_code_match_appsettings()
    {
        var code = new IngestionOptions();
        var shipped = ShippedSettings.Ingestion();

        Assert.Equal(
            (code.MaxBodyBytes, code.CoordinateDecimals, code.MaxNearestMunicipalityKm, code.MaxClockSkew, code.MaxBundleEntries, code.MaxDepth, code.MaxElements),
            (shipped.MaxBodyBytes, shipped.CoordinateDecimals, shipped.MaxNearestMunicipalityKm, shipped.MaxClockSkew, shipped.MaxBundleEntries, shipped.MaxDepth, shipped.MaxElements));
        Assert.Equal((code.CountPreliminary, code.MergeWindow, code.LaboratoryRefresh), (shipped.CountPreliminary, shipped.MergeWindow, shipped.LaboratoryRefresh));
    }

    [Fact]
    public void Individual_defaults_in_code_match_appsettings()
    {
        var code = new IndividualAnalysisOptions();
        var shipped = ShippedSettings.Individual();

        Assert.Equal((code.ModerateDeviation, code.SevereDeviation), (shipped.ModerateDeviation, shipped.SevereDeviation));
        Assert.Empty(shipped.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(shipped)));
    }

    [Fact]
    public void Identity_and_limits_defaults_in_code_match_appsettings()
    {
        var (code, shipped) = (new Sentinela.Server.Identity.IdentityOptions(), ShippedSettings.Section<Sentinela.Server.Identity.IdentityOptions>("Sentinela:Identity"));
        Assert.Equal(
            (code.Argon2MemoryKiB, code.Argon2Iterations, code.Argon2Parallelism, code.AccessTokenLifetime, code.RefreshTokenLifetime, code.ClockSkew,
                code.SigningKey, code.Issuer, code.MaxFailedLogins, code.FailedLoginWindow, code.LoginBlock),
            (shipped.Argon2MemoryKiB, shipped.Argon2Iterations, shipped.Argon2Parallelism, shipped.AccessTokenLifetime, shipped.RefreshTokenLifetime, shipped.ClockSkew,
                shipped.SigningKey, shipped.Issuer, shipped.MaxFailedLogins, shipped.FailedLoginWindow, shipped.LoginBlock));
        Assert.Equal((code.InitialAdmin.Cpf, code.InitialAdmin.Name, code.InitialAdmin.Password),
            (shipped.InitialAdmin.Cpf, shipped.InitialAdmin.Name, shipped.InitialAdmin.Password));

        var (limits, shippedLimits) = (new Sentinela.Server.Limits.LimitsOptions(), ShippedSettings.Section<Sentinela.Server.Limits.LimitsOptions>("Sentinela:Limits"));
        Assert.Equal(
            (limits.RestRequestsPerMinute, limits.HemogramsPerMinutePerLab, limits.HubCallsPerMinute, limits.ConnectionsPerUser, limits.ConnectionsPerIp, limits.ConnectionsPerInstance, limits.MaxRestBodyBytes),
            (shippedLimits.RestRequestsPerMinute, shippedLimits.HemogramsPerMinutePerLab, shippedLimits.HubCallsPerMinute, shippedLimits.ConnectionsPerUser, shippedLimits.ConnectionsPerIp,
                shippedLimits.ConnectionsPerInstance, shippedLimits.MaxRestBodyBytes));
    }

    [Fact]
    public void Push_dispatch_defaults_in_code_match_appsettings()
    {
        var (code, shipped) = (new Sentinela.Server.Push.Dispatch.PushDispatchOptions(),
            ShippedSettings.Section<Sentinela.Server.Push.Dispatch.PushDispatchOptions>(Sentinela.Server.Push.Dispatch.PushDispatchOptions.Section));
        Assert.Equal(
            (code.Enabled, code.Policy, code.AckWindow, code.MaxAlertAge, code.Workers, code.BatchSize, code.MaxAttempts, code.Lease, code.PollInterval,
                code.ReceiptDelay, code.ReceiptInterval, code.RateLimits),
            (shipped.Enabled, shipped.Policy, shipped.AckWindow, shipped.MaxAlertAge, shipped.Workers, shipped.BatchSize, shipped.MaxAttempts, shipped.Lease,
                shipped.PollInterval, shipped.ReceiptDelay, shipped.ReceiptInterval, shipped.RateLimits));
    }

    [Fact]
    public void Storage_defaults_in_code_match_appsettings()
    {
        Assert.Equal(new Sentinela.Server.Storage.StorageOptions().Backend,
            ShippedSettings.Section<Sentinela.Server.Storage.StorageOptions>(Sentinela.Server.Storage.StorageOptions.Section).Backend);
        var (embedded, shippedEmbedded) = (new Sentinela.Server.Storage.Embedded.EmbeddedStorageOptions(),
            ShippedSettings.Section<Sentinela.Server.Storage.Embedded.EmbeddedStorageOptions>(Sentinela.Server.Storage.Embedded.EmbeddedStorageOptions.Section));
        Assert.Equal((embedded.Path, embedded.MaxBatch), (shippedEmbedded.Path, shippedEmbedded.MaxBatch));
        var (code, shipped) = (new Sentinela.Server.Storage.Distributed.DistributedStorageOptions(),
            ShippedSettings.Section<Sentinela.Server.Storage.Distributed.DistributedStorageOptions>(Sentinela.Server.Storage.Distributed.DistributedStorageOptions.Section));
        Assert.Equal((code.PostgreSql, code.Redis, code.MigrateOnStart, code.MaxBatch, code.PartitionMonthsAhead,
                code.AlertStreamMaxLength, code.AlertPollInterval, code.PresenceHeartbeat, code.PresenceExpiry),
            (shipped.PostgreSql, shipped.Redis, shipped.MigrateOnStart, shipped.MaxBatch, shipped.PartitionMonthsAhead,
                shipped.AlertStreamMaxLength, shipped.AlertPollInterval, shipped.PresenceHeartbeat, shipped.PresenceExpiry));
    }

    [Fact]
    public void Observability_defaults_in_code_match_appsettings()
    {
        var (code, shipped) = (new Sentinela.Server.Observability.ObservabilityOptions(),
            ShippedSettings.Section<Sentinela.Server.Observability.ObservabilityOptions>(Sentinela.Server.Observability.ObservabilityOptions.Section));
        Assert.Equal(
            (code.ServiceName, code.LogFormat, code.MetricsPath, code.TraceSampleRatio, code.GaugeInterval, code.Otlp.Endpoint, code.Otlp.Protocol,
                code.Realtime.DegradedDeliveryLatency, code.Realtime.DegradedConnectionShare, code.Realtime.DegradedReceiptBacklog),
            (shipped.ServiceName, shipped.LogFormat, shipped.MetricsPath, shipped.TraceSampleRatio, shipped.GaugeInterval, shipped.Otlp.Endpoint, shipped.Otlp.Protocol,
                shipped.Realtime.DegradedDeliveryLatency, shipped.Realtime.DegradedConnectionShare, shipped.Realtime.DegradedReceiptBacklog));
        Assert.False(shipped.Otlp.Enabled);
    }
}

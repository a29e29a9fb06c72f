using Sentinela.Server.Analysis.Collective;
using Sentinela.Server.Analysis.Individual;
using Sentinela.Server.Ingestion;

namespace Sentinela.Tests.Unit;

/// <summary>Every default written in code is also written, with the same value, in appsettings.json for operators to see.</summary>
public sealed class OptionsDefaultsTests
{
    [Fact]
    public void Collective_defaults_in_code_match_appsettings()
    {
        var code = new CollectiveAnalysisOptions();
        var shipped = ShippedSettings.Collective();

        Assert.Equal(
            (code.BaselineProportion, code.MaxPValue, code.ResolveRatio, code.UpdateMinGrowth, code.EvaluationInterval),
            (shipped.BaselineProportion, shipped.MaxPValue, shipped.ResolveRatio, shipped.UpdateMinGrowth, shipped.EvaluationInterval));
        Assert.Equal(
            (code.Radius.Enabled, code.Radius.RecentCount, code.Radius.RadiusKm, code.Radius.Window, code.Radius.Threshold, code.Radius.MinAbnormal),
            (shipped.Radius.Enabled, shipped.Radius.RecentCount, shipped.Radius.RadiusKm, shipped.Radius.Window, shipped.Radius.Threshold, shipped.Radius.MinAbnormal));
        foreach (var (c, s) in new[] { (code.Municipality, shipped.Municipality), (code.State, shipped.State) })
            Assert.Equal(
                (c.Enabled, c.Window, c.Bucket, c.MinVolume, c.MinAbnormal, c.Threshold, c.TrendMinRatio, c.NominalRadiusKm),
                (s.Enabled, s.Window, s.Bucket, s.MinVolume, s.MinAbnormal, s.Threshold, s.TrendMinRatio, s.NominalRadiusKm));
        Assert.Equal(TimeSpan.FromHours(72), code.Horizon);
    }

    [Fact]
    public void Ingestion_defaults_in_code_match_appsettings()
    {
        var code = new IngestionOptions();
        var shipped = ShippedSettings.Ingestion();

        Assert.Equal(
            (code.MaxBodyBytes, code.CoordinateDecimals, code.MaxNearestMunicipalityKm, code.MaxClockSkew, code.MaxBundleEntries, code.MaxDepth, code.MaxElements),
            (shipped.MaxBodyBytes, shipped.CoordinateDecimals, shipped.MaxNearestMunicipalityKm, shipped.MaxClockSkew, shipped.MaxBundleEntries, shipped.MaxDepth, shipped.MaxElements));
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
                code.Realtime.DegradedDeliveryLatency, code.Realtime.DegradedConnectionShare),
            (shipped.ServiceName, shipped.LogFormat, shipped.MetricsPath, shipped.TraceSampleRatio, shipped.GaugeInterval, shipped.Otlp.Endpoint, shipped.Otlp.Protocol,
                shipped.Realtime.DegradedDeliveryLatency, shipped.Realtime.DegradedConnectionShare));
        Assert.False(shipped.Otlp.Enabled);
    }

    [Fact]
    public void Shared_analysis_defaults_in_code_match_appsettings()
    {
        var code = new Sentinela.Server.Analysis.Collective.Distributed.SharedAnalysisOptions();
        var shipped = ShippedSettings.Section<Sentinela.Server.Analysis.Collective.Distributed.SharedAnalysisOptions>(
            Sentinela.Server.Analysis.Collective.Distributed.SharedAnalysisOptions.Section);
        Assert.Equal(
            (code.KeyPrefix, code.CellDegrees, code.Bucket, code.BucketsPerRoundTrip, code.LeaseTime, code.LeaseWait),
            (shipped.KeyPrefix, shipped.CellDegrees, shipped.Bucket, shipped.BucketsPerRoundTrip, shipped.LeaseTime, shipped.LeaseWait));
    }
}

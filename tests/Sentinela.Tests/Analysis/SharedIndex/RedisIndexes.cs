using Microsoft.Extensions.Options;
using Sentinela.Server.Analysis.Collective;
using Sentinela.Server.Analysis.Collective.Distributed;
using Sentinela.Tests.Infrastructure.Services;
using StackExchange.Redis;

namespace Sentinela.Tests.Analysis.SharedIndex;

/// <summary>Creates the Redis index under test.</summary>
internal static class RedisIndexes
{
    /// <summary>A fresh key prefix per index, so tests sharing a server never see each other's points.</summary>
    public static IHemogramGeoIndex Create(IConnectionMultiplexer connection) => new RedisHemogramIndex(connection,
        Options.Create(new SharedAnalysisOptions { KeyPrefix = $"test-{Guid.NewGuid():N}" }),
        Options.Create(new CollectiveAnalysisOptions()), new SharedIndexGap(), TimeProvider.System,
        Microsoft.Extensions.Logging.Abstractions.NullLogger<RedisHemogramIndex>.Instance);
}

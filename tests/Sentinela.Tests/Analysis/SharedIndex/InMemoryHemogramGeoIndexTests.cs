using Sentinela.Server.Analysis.Collective;

namespace Sentinela.Tests.Analysis.SharedIndex;

/// <summary>The embedded index against itself: keeps the contract's own expectations honest.</summary>
public sealed class InMemoryHemogramGeoIndexTests : HemogramGeoIndexContract
{
    protected override Task<IHemogramGeoIndex> CreateAsync() => Task.FromResult<IHemogramGeoIndex>(new HemogramIndex());
}

namespace Sentinela.Server.Analysis.Collective;

/// <summary>A municipality (7-digit IBGE code) or a state (2-digit IBGE code).</summary>
public readonly record struct RegionKey(bool IsState, int Code)
{
    public static RegionKey Municipality(int code) => new(false, code);
    public static RegionKey State(int code) => new(true, code);

    public bool Contains(IndexedHemogram h) => IsState ? h.StateCode == Code : h.MunicipalityCode == Code;
}

using System.Collections.Frozen;

namespace Sentinela.Server.Identity;

/// <summary>
/// The registered laboratories as ingestion looks them up on every hemogram: by account id (the submitting laboratory's
/// own municipality and CNES) and by CNES (a performer that names a registered laboratory). An in-memory snapshot,
/// replaced whole: loaded at start-up, refreshed every Sentinela:Ingestion:LaboratoryRefresh (<see cref="LaboratoryDirectoryRefresh"/>)
/// and at once when this instance registers a laboratory.
/// </summary>
public sealed class LaboratoryDirectory
{
    sealed record Snapshot(FrozenDictionary<Guid, Laboratory> ById, FrozenDictionary<string, Laboratory> ByCnes);

    volatile Snapshot _snapshot;

    public LaboratoryDirectory(IEnumerable<Laboratory>? laboratories = null) => _snapshot = Build(laboratories ?? []);

    public Laboratory? Find(Guid id) => _snapshot.ById.GetValueOrDefault(id);

    /// <summary>The enabled laboratory with this CNES (one that has a municipality first, should several share it).</summary>
    public Laboratory? FindByCnes(string? cnes) => cnes is null ? null : _snapshot.ByCnes.GetValueOrDefault(cnes.Trim());

    public void Replace(IEnumerable<Laboratory> laboratories) => _snapshot = Build(laboratories);

    public void Add(Laboratory laboratory) => _snapshot = Build(_snapshot.ById.Values.Where(l => l.Id != laboratory.Id).Append(laboratory));

    static Snapshot Build(IEnumerable<Laboratory> laboratories)
    {
        var all = laboratories.ToList();
        var byCnes = new Dictionary<string, Laboratory>();
        foreach (var lab in all.Where(l => !l.Disabled && l.Cnes is not null).OrderBy(l => l.MunicipalityCode is null).ThenBy(l => l.CreatedAt))
            byCnes.TryAdd(lab.Cnes!, lab);
        return new Snapshot(all.ToFrozenDictionary(l => l.Id), byCnes.ToFrozenDictionary());
    }
}

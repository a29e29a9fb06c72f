using Sentinela.Server.Alerts;

namespace Sentinela.Server.Analysis.Collective;

/// <summary>An open outbreak as the detector tracks it: its latest version, every case behind it, and the labs that reported them.</summary>
internal sealed class ActiveAlert(OutbreakAlert current, IEnumerable<Guid> evidence)
{
    public OutbreakAlert Current { get; set; } = current;
    public HashSet<Guid> Evidence { get; } = [.. evidence];
    public SortedSet<string> Labs { get; } = [.. current.ReportingLabs];
    public int EvidenceAtLastVersion { get; set; } = current.EvidenceCount;
}

namespace Sentinela.Server.Analysis.Collective;

/// <summary>The time buckets (numbered as <see cref="RegionWindowCounters.SlotOf"/> does, <paramref name="Bucket"/> long) of one region that an evaluation reads.</summary>
public readonly record struct RegionWindowRange(RegionKey Region, TimeSpan Bucket, long FirstSlot, long LastSlot);

namespace Sentinela.Server.Analysis.Counting;

/// <summary>One municipality-day of counters as a store holds it, laid out as <see cref="CountSlots"/>.</summary>
public sealed record DayCounts(int Municipality, int Day, int[] Slots);

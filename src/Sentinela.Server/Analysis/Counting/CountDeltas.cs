namespace Sentinela.Server.Analysis.Counting;

/// <summary>
/// A batch of outbox entries folded into one delta per counter row, so a store writes each municipality-day and each
/// laboratory-hour once per batch however many hemograms touched it.
/// </summary>
public sealed class CountDeltas
{
    public Dictionary<(int Municipality, int Day), int[]> Days { get; } = [];
    public Dictionary<(string Lab, long Hour), (int Hemograms, int Municipality)> LabHours { get; } = [];

    public void Add(in CountChange change)
    {
        var key = (change.Municipality, change.Day);
        if (!Days.TryGetValue(key, out var row)) Days[key] = row = new int[CountSlots.Width];
        change.AddTo(row);
        // Feed volume counts arrivals: a retraction takes back cases, not the delivery.
        if (change.Lab is { } lab && change.Sign > 0)
        {
            var hour = (lab, change.ReceivedHour);
            var (count, _) = LabHours.GetValueOrDefault(hour);
            // The municipality is where the lab's hemograms come from; the latest one names it (labs rarely serve two).
            LabHours[hour] = (count + 1, change.Municipality);
        }
    }
}

namespace Sentinela.DetectionQuality.Generation;

/// <summary>Hemograms a weekday in an outbreak's municipalities (summed) or in a municipality: below 15, 15–49, 50 or more.</summary>
public enum VolumeBand
{
    Small,
    Medium,
    Large,
}

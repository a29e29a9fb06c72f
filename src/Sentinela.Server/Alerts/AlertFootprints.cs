namespace Sentinela.Server.Alerts;

/// <summary>The places an alert reaches: the municipalities of its area and their states. Pure.</summary>
public sealed class AlertFootprints
{
    /// <summary>Computed once per alert and shared by every watch and jurisdiction it is matched against.</summary>
    public AlertFootprint Of(OutbreakAlert alert)
    {
        var codes = alert.Area.Municipalities.ToHashSet();
        var states = codes.Select(c => c / 100_000).Append(alert.Area.StateCode).ToHashSet();
        return new AlertFootprint(alert, codes, states);
    }
}

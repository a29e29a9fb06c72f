namespace Sentinela.Server.Delivery;

/// <summary>
/// The methods the server calls on connected clients. Lower-case on the wire, as the JavaScript client expects and the
/// .NET client matches exactly.
/// </summary>
public static class AlertClientMethods
{
    /// <summary>An <see cref="AlertEvent"/>: a new or updated alert version.</summary>
    public const string Alert = "alert";

    /// <summary>A <see cref="Delivery.Heartbeat"/>.</summary>
    public const string Heartbeat = "heartbeat";

    /// <summary>A <see cref="ResumeResult"/>, after a resume's replay.</summary>
    public const string Resumed = "resumed";

    /// <summary>A <see cref="ReconnectRequest"/>, just before the server closes the connection on purpose.</summary>
    public const string Reconnect = "reconnect";

    /// <summary>An <see cref="Alerts.Workflow.EscalationEvent"/>, to state coordinators: an alert nobody acknowledged in time.</summary>
    public const string Escalated = "escalated";
}

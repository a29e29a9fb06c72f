namespace Sentinela.Server.Alerts;

/// <summary>
/// One logged alert version as it travels on the bus, with what telemetry needs beside it: the W3C trace context
/// (traceparent) of its publication, which a cross-instance bus sends along so the receiving instance continues the same
/// trace, and when the hemogram that caused it was received, which starts the delivery-latency clock. Beside the alert
/// rather than in it, so nothing here reaches clients, the alert log or equality between versions.
/// </summary>
/// <param name="CauseReceivedAt">Null for versions the timer wrote (a resolution without traffic): no hemogram to time from.</param>
public sealed record PublishedAlert(OutbreakAlert Alert, DateTimeOffset? CauseReceivedAt = null, string? TraceParent = null);

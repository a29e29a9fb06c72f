namespace Sentinela.Server.Alerts.Workflow;

/// <summary>
/// One workflow step over a set of alerts: how many reached it, how many within the target (24 h from raising), the share
/// within target among the alerts whose outcome is known (reached it in time, or raised more than 24 h ago — an alert
/// raised an hour ago and not yet verified has not failed yet), and the median time from raising, in seconds.
/// </summary>
public sealed record StepKpi(int Reached, int WithinTarget, int Eligible, double? ShareWithinTarget, double? MedianSeconds);

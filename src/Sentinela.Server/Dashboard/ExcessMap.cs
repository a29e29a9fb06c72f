namespace Sentinela.Server.Dashboard;

/// <summary>
/// Observed against expected per municipality for one condition over the last <see cref="Days"/> days (today included),
/// as of the analysis's last decision (<see cref="AsOf"/>, null before the first: then no municipality is listed).
/// Municipalities with no test of the parameter in the window are left out.
/// </summary>
public sealed record ExcessMap(string Parameter, string Direction, int Days, DateTimeOffset? AsOf, IReadOnlyList<MunicipalityExcess> Municipalities);

using Sentinela.Server.Hemograms;
using Sentinela.Server.Identity;

namespace Sentinela.Server.Alerts;

/// <summary>
/// Filters of the alert list. <see cref="Before"/> pages backwards by sequence; <see cref="SinceSequence"/> asks for a
/// delta; <see cref="Within"/> keeps the alerts that reach a jurisdiction.
/// </summary>
public sealed record AlertQuery(
    long? SinceSequence = null,
    DateTimeOffset? Since = null,
    int? StateCode = null,
    int? MunicipalityCode = null,
    HemogramParameter? Parameter = null,
    AlertStatus? Status = null,
    long? Before = null,
    int Limit = 50,
    Jurisdiction? Within = null);

using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Limits;

/// <summary>Sentinela:Limits — request rates and real-time connection caps.</summary>
public sealed class LimitsOptions : IValidatableObject
{
    public const string Section = "Sentinela:Limits";

    /// <summary>REST requests per minute from one IP address.</summary>
    [Range(1, int.MaxValue)] public int RestRequestsPerMinute { get; set; } = 100;

    /// <summary>Hemograms per minute from one laboratory; a Bundle counts its entries.</summary>
    [Range(1, int.MaxValue)] public int HemogramsPerMinutePerLab { get; set; } = 500;

    [Range(1, int.MaxValue)] public int ConnectionsPerUser { get; set; } = 10;

    /// <summary>
    /// Reverse proxies / load balancers (IP addresses) whose X-Forwarded-For names the real client, so per-IP limits,
    /// the login block and the audit trail see the client and not the proxy. Loopback is always trusted.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    /// <summary>Largest REST request body (/api), in bytes: logins, users, labs and preferences are small.</summary>
    [Range(1024, 16 * 1024 * 1024)] public int MaxRestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Hub calls (Subscribe, Ack, Resume…) per minute per connection.</summary>
    [Range(1, int.MaxValue)] public int HubCallsPerMinute { get; set; } = 600;

    /// <summary>Real-time connections from one IP address (a health department behind one NAT address has many users).</summary>
    [Range(1, int.MaxValue)] public int ConnectionsPerIp { get; set; } = 200;

    /// <summary>Real-time connections this instance holds before it answers 503.</summary>
    [Range(1, int.MaxValue)] public int ConnectionsPerInstance { get; set; } = 20_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        foreach (var proxy in TrustedProxies.Where(p => !System.Net.IPAddress.TryParse(p, out _)))
            yield return new ValidationResult($"TrustedProxies entry '{proxy}' is not an IP address.", [nameof(TrustedProxies)]);
    }
}

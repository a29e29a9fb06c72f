namespace Sentinela.Tests.Fuzz;

/// <summary>
/// The size and seed of a fuzz run, from the environment: SENTINELA_FUZZ_SEED (default 1), SENTINELA_FUZZ_COUNT (FHIR
/// bodies, default 10,000; a fifth as many REST bodies and a tenth as many hub frames go with them) and
/// SENTINELA_FUZZ_REPORT (a file the counts are appended to). The same seed and count send the same requests.
/// </summary>
public sealed record FuzzSettings(int Seed, int Count, string? ReportFile)
{
    public static FuzzSettings FromEnvironment() => new(
        int.TryParse(Environment.GetEnvironmentVariable("SENTINELA_FUZZ_SEED"), out var seed) ? seed : 1,
        int.TryParse(Environment.GetEnvironmentVariable("SENTINELA_FUZZ_COUNT"), out var count) && count > 0 ? count : 10_000,
        Environment.GetEnvironmentVariable("SENTINELA_FUZZ_REPORT") is { Length: > 0 } file ? file : null);

    public int RestCount => Math.Max(1, Count / 5);

    public int HubFrames => Math.Max(1, Count / 10);

    /// <summary>A canary hemogram is posted after every this many FHIR bodies.</summary>
    public const int CanaryEvery = 100;
}

using System.Diagnostics;
using System.Globalization;

namespace Sentinela.LoadHarness;

/// <summary>
/// CPU time and memory of the server processes (Linux /proc; nothing elsewhere or once they have gone), summed over
/// the instances: CPU from /proc/PID/stat (utime + stime), resident memory now and at its peak from /proc/PID/status.
/// </summary>
public sealed class ServerUsage
{
    // USER_HZ is 100 on every Linux the server targets.
    const double TicksPerSecond = 100;

    readonly IReadOnlyList<int> _pids;
    readonly TimeSpan? _cpuAtStart;
    readonly long _started = Stopwatch.GetTimestamp();

    ServerUsage(IReadOnlyList<int> pids) => (_pids, _cpuAtStart) = (pids, Cpu(pids));

    /// <summary>Starts measuring now.</summary>
    public static ServerUsage Start(IReadOnlyList<int> pids) => new(pids);

    /// <summary>Since <see cref="Start"/>: CPU seconds, cores used on average, RSS now and peak RSS (MiB); null without pids.</summary>
    public Sample? Read()
    {
        if (_cpuAtStart is not { } start || Cpu(_pids) is not { } now) return null;
        var elapsed = Stopwatch.GetElapsedTime(_started);
        return new Sample(now - start, (now - start) / elapsed, _pids.Sum(p => Kib(p, "VmRSS:")) / 1024.0, _pids.Sum(p => Kib(p, "VmHWM:")) / 1024.0);
    }

    public sealed record Sample(TimeSpan Cpu, double Cores, double RssMiB, double PeakRssMiB)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"server CPU {Cpu.TotalSeconds:0.0} s ({Cores:0.00} cores), RSS {RssMiB:0} MiB (peak {PeakRssMiB:0} MiB)");

        public string Cell() => string.Create(CultureInfo.InvariantCulture, $"{Cores:0.00} cores, {PeakRssMiB:0} MiB peak");

        public string Fields() => string.Create(CultureInfo.InvariantCulture,
            $"server_cpu_s={Cpu.TotalSeconds:0.0} server_cores={Cores:0.00} server_rss_mib={RssMiB:0} server_peak_rss_mib={PeakRssMiB:0}");
    }

    /// <summary>CPU time of one process, or null.</summary>
    public static TimeSpan? Cpu(int? pid) => pid is { } p ? Cpu([p]) : null;

    static TimeSpan? Cpu(IReadOnlyList<int> pids)
    {
        if (pids.Count == 0) return null;
        long ticks = 0;
        foreach (var pid in pids)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                // The command name (field 2) may contain spaces; fields after its closing parenthesis are fixed: utime is 14th, stime 15th.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                return null;
            }
        }
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    static long Kib(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
    }
}

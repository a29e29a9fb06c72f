using System.Globalization;

namespace Sentinela.LoadHarness;

/// <summary>User + system CPU time of another process, from /proc/PID/stat (Linux only; null elsewhere or when it has gone).</summary>
public static class ServerCpu
{
    // USER_HZ is 100 on every Linux the server targets.
    const double TicksPerSecond = 100;

    public static TimeSpan? Of(int? pid)
    {
        if (pid is null) return null;
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may contain spaces; fields after its closing parenthesis are fixed: utime is 14th, stime 15th.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}

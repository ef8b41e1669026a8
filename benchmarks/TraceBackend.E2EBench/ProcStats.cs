using System.Globalization;

namespace TraceBackend.E2EBench;

/// <summary>CPU time and memory of another process, read from /proc (Linux).</summary>
internal static class ProcStats
{
    private const double ClockTicksPerSecond = 100; // getconf CLK_TCK on Linux x86_64/arm64

    /// <summary>User + system CPU seconds consumed so far (fields 14 and 15 of /proc/PID/stat).</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state); utime is field 14, stime field 15.
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) / ClockTicksPerSecond;
    }

    /// <summary>Peak resident set size in bytes (VmHWM).</summary>
    public static long PeakRssBytes(int pid) => StatusKb(pid, "VmHWM:") * 1024;

    public static long RssBytes(int pid) => StatusKb(pid, "VmRSS:") * 1024;

    private static long StatusKb(int pid, string key)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"{key} not found in /proc/{pid}/status");
    }
}

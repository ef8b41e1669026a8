using System.Diagnostics;
using System.Globalization;

namespace TraceBackend.Host.Admin;

/// <summary>Process and runtime gauges in Prometheus text format (names as the Prometheus client libraries use).</summary>
internal static class ProcessMetrics
{
    public static void Write(TextWriter writer)
    {
        using var process = Process.GetCurrentProcess();
        Gauge(writer, "process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.", process.TotalProcessorTime.TotalSeconds);
        Gauge(writer, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", process.WorkingSet64);
        Gauge(writer, "process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.", new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0);
        Gauge(writer, "dotnet_gc_heap_size_bytes", "gauge", "GC heap size after the last collection.", GC.GetGCMemoryInfo().HeapSizeBytes);
        Gauge(writer, "dotnet_total_allocated_bytes", "counter", "Bytes allocated since the process started.", GC.GetTotalAllocatedBytes());
        writer.Write("# HELP dotnet_gc_collections_total Garbage collections per generation.\n# TYPE dotnet_gc_collections_total counter\n");
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"dotnet_gc_collections_total{{generation=\"{generation}\"}} {GC.CollectionCount(generation)}\n"));
        }
    }

    private static void Gauge(TextWriter writer, string name, string type, string help, double value) =>
        writer.Write(string.Create(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n{name} {value}\n"));
}

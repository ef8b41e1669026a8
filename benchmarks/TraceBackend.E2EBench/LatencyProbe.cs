using System.Diagnostics;
using TraceBackend.LoadGen.Running;

namespace TraceBackend.E2EBench;

/// <summary>Sequential HTTP GETs, reporting p50/p99 in milliseconds (each response read to the end).</summary>
internal static class LatencyProbe
{
    public static async Task<(double P50, double P99, int Failures)> MeasureAsync(HttpClient http, IReadOnlyList<Uri> urls)
    {
        var latencies = new LatencyRecorder();
        var successes = 0;
        foreach (var url in urls)
        {
            var sw = Stopwatch.StartNew();
            using var response = await http.GetAsync(url);
            _ = await response.Content.ReadAsByteArrayAsync();
            sw.Stop();
            if (response.IsSuccessStatusCode)
            {
                latencies.Record(sw.Elapsed.TotalMilliseconds);
                successes++;
            }
        }

        var failures = urls.Count - successes;
        return successes == 0 ? (double.NaN, double.NaN, failures) : (latencies.Percentile(50), latencies.Percentile(99), failures);
    }
}

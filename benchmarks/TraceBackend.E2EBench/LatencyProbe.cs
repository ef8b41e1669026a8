using System.Diagnostics;

namespace TraceBackend.E2EBench;

/// <summary>Sequential HTTP GETs, reporting p50/p99 in milliseconds (each response read to the end).</summary>
internal static class LatencyProbe
{
    public static async Task<(double P50, double P99, int Failures)> MeasureAsync(HttpClient http, IReadOnlyList<Uri> urls)
    {
        var samples = new List<double>(urls.Count);
        var failures = 0;
        foreach (var url in urls)
        {
            var sw = Stopwatch.StartNew();
            using var response = await http.GetAsync(url);
            _ = await response.Content.ReadAsByteArrayAsync();
            sw.Stop();
            if (response.IsSuccessStatusCode)
            {
                samples.Add(sw.Elapsed.TotalMilliseconds);
            }
            else
            {
                failures++;
            }
        }

        samples.Sort();
        return samples.Count == 0 ? (double.NaN, double.NaN, failures) : (Percentile(samples, 0.50), Percentile(samples, 0.99), failures);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

namespace TraceBackend.LoadGen.Running;

/// <summary>Collects request latencies (ms) and reports nearest-rank percentiles. Thread-safe.</summary>
public sealed class LatencyRecorder
{
    private readonly List<double> _values = [];
    private readonly Lock _lock = new();

    public void Record(double milliseconds)
    {
        lock (_lock)
        {
            _values.Add(milliseconds);
        }
    }

    /// <summary>Nearest-rank percentile (<paramref name="percentile"/> in (0, 100]); 0 when nothing was recorded.</summary>
    public double Percentile(double percentile)
    {
        double[] sorted;
        lock (_lock)
        {
            sorted = _values.ToArray();
        }

        if (sorted.Length == 0)
        {
            return 0;
        }

        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}

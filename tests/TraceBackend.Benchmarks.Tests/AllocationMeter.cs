namespace TraceBackend.Benchmarks.Tests;

/// <summary>
/// Managed bytes one operation allocates on the calling thread (<see cref="GC.GetAllocatedBytesForCurrentThread"/>):
/// the operation is warmed up (JIT, lazy statics, pooled buffers), then run <c>iterations</c> times on this thread;
/// the result is the median run, so one-off allocations of a single run do not count. Work the operation hands
/// to other threads is not seen — the scenarios are synchronous by design.
/// </summary>
internal static class AllocationMeter
{
    public static long MedianBytesPerOperation(Func<int> operation, int warmup, int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(iterations);
        for (var i = 0; i < warmup; i++)
        {
            EnsureWork(operation());
        }

        var samples = new long[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var result = operation();
            samples[i] = GC.GetAllocatedBytesForCurrentThread() - before;
            EnsureWork(result);
        }

        Array.Sort(samples);
        return samples[iterations / 2];
    }

    private static void EnsureWork(int result)
    {
        if (result <= 0)
        {
            throw new InvalidOperationException($"the measured operation did no work (returned {result})");
        }
    }
}

namespace TraceBackend.Benchmarks.Scenarios;

/// <summary>
/// Unwraps value tasks that the measured code completes synchronously (MemoryStore does), so all measured
/// work — and all its allocations — happen on the calling thread. An operation that did not complete
/// synchronously is a broken assumption, not something to wait for.
/// </summary>
internal static class SyncResult
{
    public static T Get<T>(ValueTask<T> task)
    {
        if (!task.IsCompleted)
        {
            throw new InvalidOperationException("the measured operation was expected to complete synchronously");
        }

        return task.GetAwaiter().GetResult();
    }

    public static void Get(ValueTask task)
    {
        if (!task.IsCompleted)
        {
            throw new InvalidOperationException("the measured operation was expected to complete synchronously");
        }

        task.GetAwaiter().GetResult();
    }
}

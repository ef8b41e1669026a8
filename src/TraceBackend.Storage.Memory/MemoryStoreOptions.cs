namespace TraceBackend.Storage.Memory;

/// <summary>Settings of <see cref="MemoryStore"/>. Validated when the store is created.</summary>
public sealed class MemoryStoreOptions
{
    public const int DefaultMaxTraces = 100_000;

    public const int DefaultMaxOperationsPerService = 10_000;

    /// <summary>
    /// How many traces the store keeps. When a span of a new trace arrives and the store is full, the trace
    /// inserted first is evicted (a FIFO ring, as Jaeger's memory store). Must be greater than zero.
    /// </summary>
    public int MaxTraces { get; set; } = DefaultMaxTraces;

    /// <summary>
    /// How many distinct span names (operations) the store lists per service. Names stay listed after their
    /// traces are evicted (only the name and its span kinds are kept), so this bounds the index when span names
    /// have high cardinality (e.g. <c>GET /users/123</c>). Once a service has this many names, spans with a new
    /// name are still stored and found by a search on that operation name (through the service's trace list),
    /// but the name is not returned by <see cref="ITraceReader.GetOperationsAsync"/>. Names are never forgotten,
    /// so the names listed are the first ones seen. Must be greater than zero.
    /// </summary>
    public int MaxOperationsPerService { get; set; } = DefaultMaxOperationsPerService;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (MaxTraces <= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxTraces),
                MaxTraces,
                $"{nameof(MemoryStoreOptions)}.{nameof(MaxTraces)} must be greater than zero (default {DefaultMaxTraces}).");
        }

        if (MaxOperationsPerService <= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxOperationsPerService),
                MaxOperationsPerService,
                $"{nameof(MemoryStoreOptions)}.{nameof(MaxOperationsPerService)} must be greater than zero (default {DefaultMaxOperationsPerService}).");
        }
    }
}

namespace TraceBackend.Storage.Memory;

/// <summary>Settings of <see cref="MemoryStore"/>. Validated when the store is created.</summary>
public sealed class MemoryStoreOptions
{
    public const int DefaultMaxTraces = 100_000;

    /// <summary>
    /// How many traces the store keeps. When a span of a new trace arrives and the store is full, the trace
    /// inserted first is evicted (a FIFO ring, as Jaeger's memory store). Must be greater than zero.
    /// </summary>
    public int MaxTraces { get; set; } = DefaultMaxTraces;

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
    }
}

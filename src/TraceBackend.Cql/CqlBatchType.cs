namespace TraceBackend.Cql;

/// <summary>The BATCH &lt;type&gt; byte (spec §4.1.7).</summary>
public enum CqlBatchType : byte
{
    /// <summary>Atomic through the batch log.</summary>
    Logged = 0,

    /// <summary>No batch log: fewer round trips, no atomicity across partitions.</summary>
    Unlogged = 1,

    /// <summary>Counter updates only.</summary>
    Counter = 2,
}

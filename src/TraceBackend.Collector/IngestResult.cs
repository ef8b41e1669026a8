namespace TraceBackend.Collector;

/// <summary>What happened to the valid spans of one request.</summary>
public enum IngestResult
{
    /// <summary>All valid spans are stored (or there were none).</summary>
    Stored = 0,

    /// <summary>Refused: the ingest queue is full. Retryable (HTTP 429, gRPC RESOURCE_EXHAUSTED).</summary>
    QueueFull = 1,

    /// <summary>Refused: the collector is stopping. Retryable (HTTP 503, gRPC UNAVAILABLE).</summary>
    ShuttingDown = 2,

    /// <summary>The storage write failed; nothing may be assumed stored. Retryable (503 / UNAVAILABLE).</summary>
    StorageFailed = 3,
}

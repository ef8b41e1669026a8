namespace TraceBackend.EndToEnd.Tests.Elasticsearch;

/// <summary>How the emulated cluster refuses <c>_bulk</c> during an outage (<see cref="ElasticsearchBackend.Outage"/>).</summary>
public enum BulkOutage
{
    /// <summary>Every request reaches the emulated cluster.</summary>
    None,

    /// <summary>The whole request is answered 503 (a cluster without a master), which the transport retries.</summary>
    Unavailable,

    /// <summary>HTTP 200 with every item refused 429 (<c>es_rejected_execution_exception</c>: write queue full), which the bulk writer retries per item.</summary>
    ItemsRejected,
}

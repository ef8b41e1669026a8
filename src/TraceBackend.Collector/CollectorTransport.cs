namespace TraceBackend.Collector;

/// <summary>How spans reached the collector (metric label <c>transport</c>).</summary>
public enum CollectorTransport
{
    Grpc = 0,
    Http = 1,

    /// <summary>Spans produced inside the process (the built-in demo traffic).</summary>
    Internal = 2,
}

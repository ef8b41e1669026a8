namespace TraceBackend.Collector;

/// <summary>How spans reached the collector (metric label <c>transport</c>).</summary>
public enum CollectorTransport
{
    Grpc = 0,
    Http = 1,
}

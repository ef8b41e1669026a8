namespace TraceBackend.Collector.Http;

/// <summary>Supported <c>Content-Encoding</c> values of OTLP/HTTP requests.</summary>
internal enum ContentCoding
{
    Identity = 0,
    Gzip = 1,
    Deflate = 2,
}

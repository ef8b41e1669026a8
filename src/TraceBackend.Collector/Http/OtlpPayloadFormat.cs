namespace TraceBackend.Collector.Http;

/// <summary>The OTLP/HTTP encoding of a request, and so of its answer.</summary>
internal enum OtlpPayloadFormat
{
    Protobuf = 0,
    Json = 1,
}

namespace TraceBackend.Collector;

/// <summary>How spans reached the collector (metric label <c>transport</c>).</summary>
public enum CollectorTransport
{
    Grpc = 0,
    Http = 1,

    /// <summary>Spans produced inside the process (the built-in demo traffic).</summary>
    Internal = 2,

    /// <summary>Jaeger gRPC <c>jaeger.api_v2.CollectorService/PostSpans</c>.</summary>
    JaegerGrpc = 3,

    /// <summary>Zipkin HTTP <c>POST /api/v2/spans</c> (JSON or protobuf).</summary>
    ZipkinHttp = 4,

    /// <summary>Jaeger Thrift over HTTP <c>POST /api/traces</c> (binary or compact protocol).</summary>
    JaegerThriftHttp = 5,

    /// <summary>Jaeger agent UDP <c>Agent.emitBatch</c> datagrams (compact or binary protocol).</summary>
    JaegerUdp = 6,
}

namespace TraceBackend.JaegerModel;

/// <summary>Jaeger span reference types; the same numbers in protobuf <c>SpanRefType</c> and Thrift <c>SpanRefType</c>.</summary>
public enum JaegerReferenceType
{
    ChildOf = 0,
    FollowsFrom = 1,
}

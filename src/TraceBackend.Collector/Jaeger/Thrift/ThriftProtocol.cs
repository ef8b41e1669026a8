namespace TraceBackend.Collector.Jaeger.Thrift;

/// <summary>The two Thrift protocols Jaeger clients use.</summary>
public enum ThriftProtocol
{
    Binary = 0,
    Compact = 1,
}

namespace TraceBackend.Collector.Jaeger.Thrift;

/// <summary>A decoded Thrift message header.</summary>
public readonly record struct ThriftMessageHeader(string Name, ThriftMessageType Type, int SequenceId);

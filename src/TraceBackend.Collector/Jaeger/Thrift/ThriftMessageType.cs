namespace TraceBackend.Collector.Jaeger.Thrift;

/// <summary>Thrift message types.</summary>
public enum ThriftMessageType : byte
{
    Call = 1,
    Reply = 2,
    Exception = 3,
    Oneway = 4,
}

namespace TraceBackend.Collector.Jaeger.Thrift;

/// <summary>Thrift type ids as the binary protocol numbers them; the compact reader maps its codes to these.</summary>
public enum ThriftType : byte
{
    Stop = 0,
    Bool = 2,
    Byte = 3,
    Double = 4,
    I16 = 6,
    I32 = 8,
    I64 = 10,
    String = 11,
    Struct = 12,
    Map = 13,
    Set = 14,
    List = 15,
}

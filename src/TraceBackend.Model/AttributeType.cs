namespace TraceBackend.Model;

/// <summary>The OTLP <c>AnyValue</c> cases, kept as they arrived (never flattened to strings).</summary>
public enum AttributeType : byte
{
    Empty = 0,
    String = 1,
    Bool = 2,
    Int = 3,
    Double = 4,
    Bytes = 5,
    Array = 6,
    KvList = 7,
}

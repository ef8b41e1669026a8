namespace TraceBackend.JaegerModel;

/// <summary>
/// The value type of a Jaeger tag or log field, independent of the encoding. The two wire enums number the
/// same types differently — protobuf <c>jaeger.api_v2.ValueType</c>: STRING=0, BOOL=1, INT64=2, FLOAT64=3,
/// BINARY=4; Thrift <c>jaeger.TagType</c>: STRING=0, DOUBLE=1, BOOL=2, LONG=3, BINARY=4 — so each decoder
/// maps its number with <see cref="JaegerTagTypes"/> before handing values to <see cref="JaegerSpanMapper"/>.
/// </summary>
public enum JaegerTagType
{
    String = 0,
    Bool = 1,
    Int64 = 2,
    Float64 = 3,
    Binary = 4,
}

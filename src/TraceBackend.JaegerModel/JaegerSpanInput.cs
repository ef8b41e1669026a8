using TraceBackend.Model;

namespace TraceBackend.JaegerModel;

/// <summary>
/// One Jaeger span in encoding-neutral form, filled by a decoder (api_v2 protobuf, later Thrift) and turned
/// into a model span by <see cref="JaegerSpanMapper.MapSpan"/>. IDs are already validated; times are Unix ns
/// (a decoder converts µs or Timestamp/Duration, 0 = not given); tag values are already typed
/// (<see cref="JaegerTagTypes"/>). Reusable: <see cref="Clear"/> resets it for the next span.
/// </summary>
internal sealed class JaegerSpanInput
{
    public TraceId TraceId { get; set; }

    public SpanId SpanId { get; set; }

    /// <summary>
    /// An explicit parent (Thrift <c>parentSpanId</c>); empty when the encoding has none (api_v2) or it is 0,
    /// in which case the parent comes from <see cref="References"/>.
    /// </summary>
    public SpanId ParentSpanId { get; set; }

    public string OperationName { get; set; } = "";

    /// <summary>Jaeger flags: bit 1 sampled, bit 2 debug.</summary>
    public uint Flags { get; set; }

    public ulong StartTimeUnixNano { get; set; }

    public ulong EndTimeUnixNano { get; set; }

    /// <summary>Span tags in wire order.</summary>
    public List<KeyValue> Tags { get; } = [];

    /// <summary>References in wire order (invalid ones already dropped, with a warning).</summary>
    public List<JaegerReference> References { get; } = [];

    public List<JaegerLog> Logs { get; } = [];

    /// <summary>Warnings found while decoding (dropped references, clamped times); added after the sanitizers'.</summary>
    public List<string> Warnings { get; } = [];

    public void Clear()
    {
        TraceId = default;
        SpanId = default;
        ParentSpanId = default;
        OperationName = "";
        Flags = 0;
        StartTimeUnixNano = 0;
        EndTimeUnixNano = 0;
        Tags.Clear();
        References.Clear();
        Logs.Clear();
        Warnings.Clear();
    }
}

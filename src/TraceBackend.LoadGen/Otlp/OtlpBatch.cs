using OpenTelemetry.Proto.Collector.Trace.V1;

namespace TraceBackend.LoadGen.Otlp;

/// <summary>
/// One export request and its accounting: <see cref="SpanCount"/> spans in total, split per trace in
/// <see cref="Traces"/> (each trace at most once, counts summing to <see cref="SpanCount"/>).
/// </summary>
public sealed class OtlpBatch
{
    public OtlpBatch(ExportTraceServiceRequest request, int spanCount, IReadOnlyList<TraceSpanCount> traces)
    {
        Request = request;
        SpanCount = spanCount;
        Traces = traces;
    }

    public ExportTraceServiceRequest Request { get; }

    public int SpanCount { get; }

    public IReadOnlyList<TraceSpanCount> Traces { get; }
}

namespace TraceBackend.Model;

/// <summary>
/// The spans of one trace. The list belongs to the receiver; the spans are immutable and may be shared.
/// </summary>
public sealed class Trace
{
    public Trace(TraceId traceId, IReadOnlyList<Span> spans)
    {
        TraceId = traceId;
        Spans = spans;
    }

    public TraceId TraceId { get; }

    public IReadOnlyList<Span> Spans { get; }
}

namespace TraceBackend.Otlp;

/// <summary>Metric label values of <see cref="RejectReason"/>.</summary>
public static class RejectReasonNames
{
    public const int Count = 3;

    public static string ToLabel(RejectReason reason) => reason switch
    {
        RejectReason.InvalidTraceId => "invalid_trace_id",
        RejectReason.InvalidSpanId => "invalid_span_id",
        RejectReason.InvalidParentSpanId => "invalid_parent_span_id",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}

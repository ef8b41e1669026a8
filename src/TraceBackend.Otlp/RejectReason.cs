namespace TraceBackend.Otlp;

/// <summary>Why a span of an otherwise decodable request was rejected (OTLP partial success).</summary>
public enum RejectReason
{
    InvalidTraceId = 0,
    InvalidSpanId = 1,
    InvalidParentSpanId = 2,
}

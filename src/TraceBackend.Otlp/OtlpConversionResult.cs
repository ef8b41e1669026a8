using TraceBackend.Model;

namespace TraceBackend.Otlp;

/// <summary>
/// The spans of one OTLP export request that passed validation, and what was rejected. The spans list is
/// owned by the receiver; <see cref="ErrorMessage"/> is empty when nothing was rejected.
/// </summary>
public sealed class OtlpConversionResult
{
    private readonly int[] _rejectedByReason;

    internal OtlpConversionResult(IReadOnlyList<Span> spans, int rejectedSpans, string errorMessage, int[] rejectedByReason)
    {
        Spans = spans;
        RejectedSpans = rejectedSpans;
        ErrorMessage = errorMessage;
        _rejectedByReason = rejectedByReason;
    }

    public IReadOnlyList<Span> Spans { get; }

    /// <summary>Spans of the request that were not accepted (OTLP <c>partial_success.rejected_spans</c>).</summary>
    public int RejectedSpans { get; }

    /// <summary>The first few rejection reasons, with the position of each span in the request.</summary>
    public string ErrorMessage { get; }

    public int RejectedFor(RejectReason reason) => _rejectedByReason[(int)reason];
}

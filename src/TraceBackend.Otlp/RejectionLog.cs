using System.Text;

namespace TraceBackend.Otlp;

/// <summary>
/// Collects span rejections of one request: counts per reason, and the text of the first
/// <see cref="MaxReported"/> of them (the rest are summarised as a count so the message stays small), each naming the
/// span's position. Used by OTLP (resource/scope/span positions) and by the inputs without that nesting (Jaeger,
/// Zipkin: span index only, followed by <paramref name="spanIndexSuffix"/>, e.g. " of the batch").
/// </summary>
internal sealed class RejectionLog(string spanIndexSuffix = "")
{
    public const int MaxReported = 5;

    private readonly int[] _byReason = new int[RejectReasonNames.Count];
    private StringBuilder? _message;

    public int Count { get; private set; }

    /// <summary>An OTLP span: "span S of scope C of resource R: detail".</summary>
    public void Add(RejectReason reason, int resourceIndex, int scopeIndex, int spanIndex, string detail) =>
        Begin(reason)?.Append("span ").Append(spanIndex).Append(" of scope ").Append(scopeIndex)
            .Append(" of resource ").Append(resourceIndex).Append(": ").Append(detail);

    /// <summary>A span of a flat list: "span N{suffix}: detail".</summary>
    public void Add(RejectReason reason, int spanIndex, string detail) =>
        Begin(reason)?.Append("span ").Append(spanIndex).Append(spanIndexSuffix).Append(": ").Append(detail);

    public OtlpConversionResult ToResult(IReadOnlyList<TraceBackend.Model.Span> spans)
    {
        var message = _message?.ToString() ?? "";
        if (Count > MaxReported)
        {
            message += $"; and {Count - MaxReported} more rejected spans";
        }

        return new OtlpConversionResult(spans, Count, message, _byReason);
    }

    /// <summary>Counts the rejection; returns the message builder ready for its text, or null once enough are reported.</summary>
    private StringBuilder? Begin(RejectReason reason)
    {
        _byReason[(int)reason]++;
        Count++;
        if (Count > MaxReported)
        {
            return null;
        }

        _message ??= new StringBuilder();
        if (_message.Length > 0)
        {
            _message.Append("; ");
        }

        return _message;
    }
}

using System.Text;
using TraceBackend.Model;
using TraceBackend.Otlp;

namespace TraceBackend.Collector;

/// <summary>
/// Span rejections of one request of a non-OTLP input (Jaeger, Zipkin): the rejected spans are left out and the
/// others kept, as OTLP partial success does. Counts per <see cref="RejectReason"/>, and the text of the first
/// <see cref="MaxReported"/> (the rest summarised as a count), each naming the span's index, as
/// <see cref="OtlpConversionResult"/> carries them.
/// </summary>
/// <param name="spanIndexSuffix">Words after "span N" in each message, e.g. " of the batch".</param>
internal sealed class SpanRejections(string spanIndexSuffix = "")
{
    public const int MaxReported = 5;

    private readonly int[] _byReason = new int[RejectReasonNames.Count];
    private StringBuilder? _message;

    public int Count { get; private set; }

    public void Add(RejectReason reason, int spanIndex, string detail)
    {
        _byReason[(int)reason]++;
        Count++;
        if (Count > MaxReported)
        {
            return;
        }

        _message ??= new StringBuilder();
        if (_message.Length > 0)
        {
            _message.Append("; ");
        }

        _message.Append("span ").Append(spanIndex).Append(spanIndexSuffix).Append(": ").Append(detail);
    }

    public OtlpConversionResult ToResult(IReadOnlyList<Span> spans)
    {
        var message = _message?.ToString() ?? "";
        if (Count > MaxReported)
        {
            message += $"; and {Count - MaxReported} more rejected spans";
        }

        return new OtlpConversionResult(spans, Count, message, _byReason);
    }
}

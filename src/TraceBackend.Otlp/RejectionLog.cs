using System.Text;

namespace TraceBackend.Otlp;

/// <summary>
/// Collects span rejections of one request: counts per reason, and the text of the first
/// <see cref="MaxReported"/> of them (the rest are summarised as a count so the message stays small).
/// </summary>
internal sealed class RejectionLog
{
    public const int MaxReported = 5;

    private readonly int[] _byReason = new int[RejectReasonNames.Count];
    private StringBuilder? _message;

    public int Count { get; private set; }

    public void Add(RejectReason reason, int resourceIndex, int scopeIndex, int spanIndex, string detail)
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

        _message.Append("span ").Append(spanIndex).Append(" of scope ").Append(scopeIndex)
            .Append(" of resource ").Append(resourceIndex).Append(": ").Append(detail);
    }

    public OtlpConversionResult ToResult(IReadOnlyList<TraceBackend.Model.Span> spans)
    {
        var message = _message?.ToString() ?? "";
        if (Count > MaxReported)
        {
            message += $"; and {Count - MaxReported} more rejected spans";
        }

        return new OtlpConversionResult(spans, Count, message, _byReason);
    }
}

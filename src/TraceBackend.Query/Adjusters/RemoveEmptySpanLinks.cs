using TraceBackend.Model;

namespace TraceBackend.Query.Adjusters;

/// <summary>Drops span links whose trace ID is all zero.</summary>
public sealed class RemoveEmptySpanLinks : ITraceAdjuster
{
    public Trace Adjust(Trace trace)
    {
        List<Span>? result = null;
        for (var i = 0; i < trace.Spans.Count; i++)
        {
            var span = trace.Spans[i];
            var adjusted = span;
            if (span.Links.Any(static l => l.TraceId.IsEmpty))
            {
                var draft = SpanDraft.From(span);
                draft.Links = span.Links.RemoveAll(static l => l.TraceId.IsEmpty);
                adjusted = draft.Build();
                result ??= [.. trace.Spans];
            }

            if (result is not null)
            {
                result[i] = adjusted;
            }
        }

        return result is null ? trace : new Trace(trace.TraceId, result);
    }
}

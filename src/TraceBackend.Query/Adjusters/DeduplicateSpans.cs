using TraceBackend.Model;

namespace TraceBackend.Query.Adjusters;

/// <summary>
/// Drops spans whose entire content (IDs, times, names, attributes, events, links, status, resource, scope,
/// warnings) equals an earlier span's; the first occurrence is kept. Relies on <see cref="SortCollections"/>
/// having run so that equal content has equal order.
/// </summary>
public sealed class DeduplicateSpans : ITraceAdjuster
{
    public Trace Adjust(Trace trace)
    {
        var seen = new HashSet<Span>(SpanContentComparer.Instance);
        List<Span>? kept = null;
        for (var i = 0; i < trace.Spans.Count; i++)
        {
            var span = trace.Spans[i];
            if (seen.Add(span))
            {
                kept?.Add(span);
            }
            else
            {
                kept ??= [.. trace.Spans.Take(i)];
            }
        }

        return kept is null ? trace : new Trace(trace.TraceId, kept);
    }
}

using TraceBackend.Model;

namespace TraceBackend.Query.Adjusters;

/// <summary>
/// Zipkin-style clients give the client and the server span one shared span ID. A server span whose ID is shared
/// with a client span gets a new unique ID (the smallest unused IDs from 1 upward, as Jaeger does) and the shared
/// ID becomes its parent; spans whose parent was the shared ID are re-parented to the new server span ID.
/// </summary>
public sealed class DeduplicateClientServerSpanIds : ITraceAdjuster
{
    public Trace Adjust(Trace trace)
    {
        var spans = trace.Spans;
        var ids = new HashSet<SpanId>(spans.Count);
        var clientIds = new HashSet<SpanId>();
        foreach (var span in spans)
        {
            ids.Add(span.SpanId);
            if (span.Kind == SpanKind.Client)
            {
                clientIds.Add(span.SpanId);
            }
        }

        if (clientIds.Count == 0)
        {
            return trace;
        }

        var drafts = new SpanDraft?[spans.Count];
        var oldToNew = new Dictionary<SpanId, SpanId>();
        ulong maxUsed = 0;
        for (var i = 0; i < spans.Count; i++)
        {
            var span = spans[i];
            if (span.Kind != SpanKind.Server || !clientIds.Contains(span.SpanId))
            {
                continue;
            }

            var next = maxUsed + 1;
            while (next != 0 && ids.Contains(new SpanId(next)))
            {
                next++;
            }

            if (next == 0)
            {
                var failed = SpanDraft.From(span);
                failed.Warnings = span.Warnings.Add("cannot assign unique span ID, too many spans in the trace");
                drafts[i] = failed;
                continue;
            }

            maxUsed = next;
            var draft = SpanDraft.From(span);
            draft.ParentSpanId = span.SpanId;
            draft.SpanId = new SpanId(next);
            oldToNew[span.SpanId] = draft.SpanId;
            drafts[i] = draft;
        }

        if (oldToNew.Count == 0 && Array.TrueForAll(drafts, d => d is null))
        {
            return trace;
        }

        var result = new Span[spans.Count];
        for (var i = 0; i < spans.Count; i++)
        {
            var draft = drafts[i] ?? SpanDraft.From(spans[i]);
            var touched = drafts[i] is not null;
            if (oldToNew.TryGetValue(draft.ParentSpanId, out var newParent) && draft.SpanId != newParent)
            {
                draft.ParentSpanId = newParent;
                touched = true;
            }

            result[i] = touched ? draft.Build() : spans[i];
        }

        return new Trace(trace.TraceId, result);
    }
}

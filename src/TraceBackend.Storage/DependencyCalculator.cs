using TraceBackend.Model;

namespace TraceBackend.Storage;

/// <summary>
/// Counts parent→child service calls inside traces: for each span whose parent span is in the same trace,
/// one call from the parent's service to the span's service (same-service pairs included), as Jaeger's
/// in-memory store does. Not thread-safe; one instance per query.
/// </summary>
public sealed class DependencyCalculator
{
    private readonly Dictionary<(string Parent, string Child), ulong> _counts = [];
    private readonly Dictionary<SpanId, string> _serviceBySpan = [];

    public void AddTrace(IReadOnlyList<Span> spans) => AddTrace(spans, 0, ulong.MaxValue);

    /// <summary>
    /// Adds the calls of one trace whose child span starts in [<paramref name="childStartMinNanos"/>,
    /// <paramref name="childStartEndNanos"/>) (Unix ns); parents may start anywhere. A periodic job that counts each
    /// period's calls this way counts every call exactly once, even for traces spanning two periods.
    /// </summary>
    public void AddTrace(IReadOnlyList<Span> spans, ulong childStartMinNanos, ulong childStartEndNanos)
    {
        _serviceBySpan.Clear();
        foreach (var span in spans)
        {
            // Zipkin-style shared span IDs: the server half is the parent of the spans it starts.
            if (!_serviceBySpan.TryAdd(span.SpanId, span.ServiceName) && span.Kind == SpanKind.Server)
            {
                _serviceBySpan[span.SpanId] = span.ServiceName;
            }
        }

        foreach (var span in spans)
        {
            if (!span.ParentSpanId.IsEmpty && span.StartTimeUnixNano >= childStartMinNanos && span.StartTimeUnixNano < childStartEndNanos
                && _serviceBySpan.TryGetValue(span.ParentSpanId, out var parentService))
            {
                var key = (parentService, span.ServiceName);
                _counts[key] = _counts.GetValueOrDefault(key) + 1;
            }
        }
    }

    public IReadOnlyList<DependencyLink> ToLinks()
    {
        var links = new List<DependencyLink>(_counts.Count);
        foreach (var ((parent, child), count) in _counts)
        {
            links.Add(new DependencyLink(parent, child, count));
        }

        links.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Parent, b.Parent);
            return c != 0 ? c : string.CompareOrdinal(a.Child, b.Child);
        });
        return links;
    }
}

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

    public void AddTrace(IReadOnlyList<Span> spans)
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
            if (!span.ParentSpanId.IsEmpty && _serviceBySpan.TryGetValue(span.ParentSpanId, out var parentService))
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

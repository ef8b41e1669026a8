using TraceBackend.Model;

namespace TraceBackend.Storage.Elasticsearch.Reading;

/// <summary>The spans loaded for one trace, without duplicates by <see cref="Span.Key"/> (documents of the same span in
/// several indices, or written twice by Jaeger, whose writes are not idempotent).</summary>
internal sealed class TraceSpans
{
    private readonly HashSet<SpanKey> _keys = [];

    public List<Span> Spans { get; } = [];

    public void Add(Span span)
    {
        if (_keys.Add(span.Key))
        {
            Spans.Add(span);
        }
    }
}

using System.Collections;
using TraceBackend.Model;

namespace TraceBackend.Collector.Pipeline;

/// <summary>A read-only window of a span list, so an oversized submission is written in chunks without copying.</summary>
internal sealed class SpanSlice : IReadOnlyList<Span>
{
    private readonly IReadOnlyList<Span> _source;
    private readonly int _offset;

    public SpanSlice(IReadOnlyList<Span> source, int offset, int count)
    {
        _source = source;
        _offset = offset;
        Count = count;
    }

    public int Count { get; }

    public Span this[int index] =>
        (uint)index < (uint)Count ? _source[_offset + index] : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<Span> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return _source[_offset + i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

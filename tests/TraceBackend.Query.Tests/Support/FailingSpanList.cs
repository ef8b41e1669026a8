using System.Collections;
using TraceBackend.Model;

namespace TraceBackend.Query.Tests.Support;

/// <summary>
/// A span list whose <see cref="Count"/> works but whose elements throw <paramref name="failure"/> when read: a
/// trace that passes the lookup and fails while being serialized (e.g. a corrupt stored record decoded lazily).
/// </summary>
internal sealed class FailingSpanList(IReadOnlyList<Span> spans, Exception failure) : IReadOnlyList<Span>
{
    public int Count => spans.Count;

    public Span this[int index] => throw failure;

    public IEnumerator<Span> GetEnumerator() => throw failure;

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

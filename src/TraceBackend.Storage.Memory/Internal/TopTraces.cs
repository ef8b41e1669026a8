using TraceBackend.Model;

namespace TraceBackend.Storage.Memory.Internal;

/// <summary>
/// The best <c>capacity</c> search hits so far, ranked by the start of the trace's latest matching span, then
/// by insertion sequence (newer wins ties). A min-heap, so the weakest kept hit is the admission threshold.
/// Ranks are unique (sequences are), so the result does not depend on the order hits are offered in.
/// Works on <see cref="SearchCandidate"/> snapshots: needs no lock.
/// </summary>
internal sealed class TopTraces
{
    private readonly int _capacity;
    private readonly PriorityQueue<SearchCandidate, (ulong Start, long Sequence)> _heap;

    public TopTraces(int capacity)
    {
        _capacity = capacity;
        _heap = new PriorityQueue<SearchCandidate, (ulong, long)>(Math.Min(capacity, 1024));
    }

    /// <summary>False when a hit ranked (<paramref name="start"/>, <paramref name="sequence"/>) would not be kept.</summary>
    public bool CouldAccept(ulong start, long sequence) =>
        _heap.Count < _capacity
        || (_heap.TryPeek(out _, out var weakest) && (start, sequence).CompareTo(weakest) > 0);

    public void Offer(in SearchCandidate candidate, ulong latestMatchStart)
    {
        var rank = (latestMatchStart, candidate.Sequence);
        if (_heap.Count < _capacity)
        {
            _heap.Enqueue(candidate, rank);
        }
        else if (CouldAccept(latestMatchStart, candidate.Sequence))
        {
            _heap.DequeueEnqueue(candidate, rank);
        }
    }

    /// <summary>Copies the kept traces' snapshots into fresh lists, best first. Empties the heap.</summary>
    public IReadOnlyList<Trace> ToTraces()
    {
        var traces = new Trace[_heap.Count];
        for (var i = traces.Length - 1; i >= 0; i--)
        {
            var candidate = _heap.Dequeue();
            traces[i] = new Trace(candidate.TraceId, candidate.Spans.ToArray());
        }

        return traces;
    }
}

using TraceBackend.Model;

namespace TraceBackend.Storage.Memory.Internal;

/// <summary>
/// The best <c>capacity</c> search hits so far, ranked by the start of the trace's latest matching span, then
/// by insertion sequence (newer wins ties). A min-heap, so the weakest kept hit is the admission threshold.
/// </summary>
internal sealed class TopTraces
{
    private readonly int _capacity;
    private readonly PriorityQueue<TraceEntry, (ulong Start, long Sequence)> _heap;

    public TopTraces(int capacity)
    {
        _capacity = capacity;
        _heap = new PriorityQueue<TraceEntry, (ulong, long)>(Math.Min(capacity, 1024));
    }

    /// <summary>False when a hit ranked (<paramref name="start"/>, <paramref name="sequence"/>) would not be kept.</summary>
    public bool CouldAccept(ulong start, long sequence) =>
        _heap.Count < _capacity
        || (_heap.TryPeek(out _, out var weakest) && (start, sequence).CompareTo(weakest) > 0);

    public void Offer(TraceEntry entry, ulong latestMatchStart)
    {
        var rank = (latestMatchStart, entry.Sequence);
        if (_heap.Count < _capacity)
        {
            _heap.Enqueue(entry, rank);
        }
        else if (CouldAccept(latestMatchStart, entry.Sequence))
        {
            _heap.DequeueEnqueue(entry, rank);
        }
    }

    /// <summary>Copies the kept traces, best first. Call under the read lock.</summary>
    public IReadOnlyList<Trace> ToTraces()
    {
        var traces = new Trace[_heap.Count];
        for (var i = traces.Length - 1; i >= 0; i--)
        {
            var entry = _heap.Dequeue();
            traces[i] = new Trace(entry.TraceId, entry.CopySpans());
        }

        return traces;
    }
}

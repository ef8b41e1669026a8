using TraceBackend.Model;

namespace TraceBackend.Storage.Memory.Internal;

/// <summary>
/// What a search needs of one candidate trace, taken under the store's read lock so span matching, ranking and
/// copy-out can run after the lock is released. <see cref="Spans"/> is a <see cref="TraceEntry.Snapshot"/>
/// (unchanged by later appends, evictions and data release) and <see cref="MaxStart"/> is the latest start among
/// exactly those spans. Holds no reference to the mutable entry.
/// </summary>
internal readonly record struct SearchCandidate(TraceId TraceId, long Sequence, ArraySegment<Span> Spans, ulong MaxStart)
{
    public static SearchCandidate Of(TraceEntry entry) => new(entry.TraceId, entry.Sequence, entry.Snapshot, entry.MaxStart);
}

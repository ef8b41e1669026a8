using TraceBackend.Model;
using TraceBackend.Storage.Embedded.Blocks;

namespace TraceBackend.Storage.Embedded.Compaction;

/// <summary>
/// Merges blocks into one builder: a k-way merge of <see cref="Block.ReadTracesAsync"/> in trace-ID order; the
/// fragments of a trace found in several inputs are united with spans deduplicated by <see cref="Span.Key"/>.
/// Memory stays bounded by one row group per input plus the trace being merged.
/// </summary>
internal static class BlockMerger
{
    public static async Task MergeAsync(IReadOnlyList<Block> inputs, BlockBuilder builder, CancellationToken cancellationToken)
    {
        var cursors = new List<IAsyncEnumerator<(TraceId TraceId, IReadOnlyList<Span> Spans)>>(inputs.Count);
        try
        {
            var heap = new PriorityQueue<int, TraceId>(inputs.Count);
            foreach (var input in inputs)
            {
                var cursor = input.ReadTracesAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                cursors.Add(cursor);
                if (await cursor.MoveNextAsync().ConfigureAwait(false))
                {
                    heap.Enqueue(cursors.Count - 1, cursor.Current.TraceId);
                }
            }

            var same = new List<int>(inputs.Count);
            while (heap.TryDequeue(out var first, out var traceId))
            {
                same.Clear();
                same.Add(first);
                while (heap.TryPeek(out var other, out var otherId) && otherId == traceId)
                {
                    heap.Dequeue();
                    same.Add(other);
                }

                await builder.AddTraceAsync(traceId, Union(cursors, same), cancellationToken).ConfigureAwait(false);
                foreach (var i in same)
                {
                    if (await cursors[i].MoveNextAsync().ConfigureAwait(false))
                    {
                        var next = cursors[i].Current.TraceId;
                        if (next.CompareTo(traceId) <= 0)
                        {
                            throw new InvalidDataException($"block {inputs[i].Directory} yields trace {next} after {traceId}: traces are not in increasing ID order");
                        }

                        heap.Enqueue(i, next);
                    }
                }
            }
        }
        finally
        {
            foreach (var cursor in cursors)
            {
                await cursor.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static IReadOnlyList<Span> Union(List<IAsyncEnumerator<(TraceId TraceId, IReadOnlyList<Span> Spans)>> cursors, List<int> sources)
    {
        if (sources.Count == 1)
        {
            return cursors[sources[0]].Current.Spans;
        }

        var keys = new HashSet<SpanKey>();
        var spans = new List<Span>();
        foreach (var i in sources)
        {
            foreach (var span in cursors[i].Current.Spans)
            {
                if (keys.Add(span.Key))
                {
                    spans.Add(span);
                }
            }
        }

        return spans;
    }
}

using TraceBackend.Model;
using TraceBackend.Storage.Embedded.Compaction;
using TraceBackend.Storage.Embedded.Head;

namespace TraceBackend.Storage.Embedded;

public sealed partial class EmbeddedStore
{
    /// <summary>
    /// See <see cref="ITraceReader.FindTracesAsync"/>. Matches the head fragments (from the service's trace set when a
    /// service is given), then searches the blocks that can match — time range, services and operations from their
    /// metadata — newest first by <see cref="Blocks.BlockMeta.MaxStartUnixNano"/>, a bounded number at once, merging
    /// hits as trace → latest matching start. It stops once <see cref="TraceQuery.SearchDepth"/> traces are found
    /// whose weakest is newer than every block not yet searched, so the result is exactly the newest traces; then the
    /// hits are fetched whole as by <see cref="GetTracesAsync"/>. Ties in start time rank by trace ID.
    /// </summary>
    public async ValueTask<IReadOnlyList<Trace>> FindTracesAsync(TraceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        var matcher = new SpanMatcher(query);
        if (matcher.StartMinNanos > matcher.StartMaxNanos)
        {
            return [];
        }

        var service = query.ServiceName is { Length: > 0 } s ? s : null;
        var operation = query.OperationName is { Length: > 0 } o ? o : null;
        var depth = query.EffectiveSearchDepth;
        var candidates = new List<ArraySegment<Span>>();
        BlockSet blocks;
        _lock.EnterReadLock();
        try
        {
            IEnumerable<HeadTrace> traces = service is null
                ? _head.Traces
                : _head.Services.TryGetValue(service, out var headService) ? headService.Traces : [];
            foreach (var trace in traces)
            {
                if (trace.MaxStart >= matcher.StartMinNanos && trace.MinStart <= matcher.StartMaxNanos
                    && (operation is null || trace.MayHaveOperationNamed(operation)))
                {
                    candidates.Add(trace.Snapshot);
                }
            }

            blocks = _blocks.Acquire();
        }
        finally
        {
            _lock.ExitReadLock();
        }

        var hits = new Dictionary<TraceId, ulong>();
        try
        {
            foreach (var spans in candidates)
            {
                if (LatestMatch(spans, matcher) is { } latest)
                {
                    Merge(hits, spans[0].TraceId, latest);
                }
            }

            var eligible = blocks.Blocks.Where(b => MayMatch(b, matcher, service, operation)).ToArray();
            var next = 0;
            while (next < eligible.Length && !(hits.Count >= depth && WeakestOfTop(hits, depth) > eligible[next].Meta.MaxStartUnixNano))
            {
                var wave = new ArraySegment<BlockHandle>(eligible, next, Math.Min(s_readParallelism, eligible.Length - next));
                // Block searches are CPU-bound column decoding: run the wave on the thread pool, one block per core.
                var results = await Task.WhenAll(wave.Select(b => Task.Run(() => b.Block.SearchAsync(query, cancellationToken).AsTask(), cancellationToken))).ConfigureAwait(false);
                foreach (var result in results)
                {
                    foreach (var (traceId, latest) in result)
                    {
                        Merge(hits, traceId, latest);
                    }
                }

                next += wave.Count;
            }
        }
        finally
        {
            blocks.Release();
        }

        var top = hits
            .OrderByDescending(kv => kv.Value)
            .ThenByDescending(kv => kv.Key)
            .Take(depth)
            .Select(kv => kv.Key)
            .ToArray();
        return top.Length == 0 ? [] : await GetTracesCoreAsync(top, cancellationToken).ConfigureAwait(false);
    }

    private static bool MayMatch(BlockHandle block, SpanMatcher matcher, string? service, string? operation)
    {
        var meta = block.Meta;
        if (meta.MaxStartUnixNano < matcher.StartMinNanos || meta.MinStartUnixNano > matcher.StartMaxNanos)
        {
            return false;
        }

        if (service is null && operation is null)
        {
            return true;
        }

        foreach (var s in meta.Services)
        {
            if (service is not null && s.Name != service)
            {
                continue;
            }

            if (operation is null || s.Operations.Any(o => o.Name == operation))
            {
                return true;
            }
        }

        return false;
    }

    private static ulong? LatestMatch(ArraySegment<Span> spans, SpanMatcher matcher)
    {
        ulong? latest = null;
        foreach (var span in spans.AsSpan())
        {
            if ((latest is null || span.StartTimeUnixNano > latest) && matcher.Matches(span))
            {
                latest = span.StartTimeUnixNano;
            }
        }

        return latest;
    }

    private static void Merge(Dictionary<TraceId, ulong> hits, TraceId traceId, ulong latest)
    {
        if (!hits.TryGetValue(traceId, out var known) || latest > known)
        {
            hits[traceId] = latest;
        }
    }

    /// <summary>The <paramref name="depth"/>-th latest hit time (the caller checked there are that many hits).</summary>
    private static ulong WeakestOfTop(Dictionary<TraceId, ulong> hits, int depth)
    {
        var heap = new PriorityQueue<ulong, ulong>(depth + 1);
        foreach (var latest in hits.Values)
        {
            if (heap.Count < depth)
            {
                heap.Enqueue(latest, latest);
            }
            else if (latest > heap.Peek())
            {
                heap.DequeueEnqueue(latest, latest);
            }
        }

        return heap.Peek();
    }
}

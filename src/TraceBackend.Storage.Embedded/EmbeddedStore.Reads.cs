using TraceBackend.Model;
using TraceBackend.Storage.Embedded.Compaction;

namespace TraceBackend.Storage.Embedded;

public sealed partial class EmbeddedStore
{
    /// <summary>Most blocks or trace lookups a single read runs at once.</summary>
    private static readonly int s_readParallelism = Math.Max(2, Environment.ProcessorCount);

    /// <summary>
    /// See <see cref="ITraceReader.GetTracesAsync"/>: the head fragment plus every block that may hold the ID (bloom
    /// filter and ID range), spans deduplicated by <see cref="Span.Key"/>. The time window of a request is not used:
    /// the bloom filters make a lookup cheap without it.
    /// </summary>
    public async ValueTask<IReadOnlyList<Trace>> GetTracesAsync(IReadOnlyList<TraceGetRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        var ids = new TraceId[requests.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = requests[i]?.TraceId ?? throw new ArgumentException($"request at index {i} is null", nameof(requests));
        }

        return await GetTracesCoreAsync(ids, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<Trace>> GetTracesCoreAsync(TraceId[] ids, CancellationToken cancellationToken)
    {
        var head = new ArraySegment<Span>[ids.Length];
        BlockSet blocks;
        _lock.EnterReadLock();
        try
        {
            for (var i = 0; i < ids.Length; i++)
            {
                if (_head.TryGet(ids[i], out var trace))
                {
                    head[i] = trace.Snapshot;
                }
            }

            blocks = _blocks.Acquire();
        }
        finally
        {
            _lock.ExitReadLock();
        }

        try
        {
            var found = new List<Span>?[ids.Length];
            if (ids.Length == 1 || blocks.Blocks.IsEmpty)
            {
                for (var i = 0; i < ids.Length; i++)
                {
                    found[i] = await ReadTraceAsync(ids[i], head[i], blocks, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                var options = new ParallelOptions { MaxDegreeOfParallelism = s_readParallelism, CancellationToken = cancellationToken };
                await Parallel.ForAsync(0, ids.Length, options, async (i, ct) =>
                    found[i] = await ReadTraceAsync(ids[i], head[i], blocks, ct).ConfigureAwait(false)).ConfigureAwait(false);
            }

            var traces = new List<Trace>(ids.Length);
            for (var i = 0; i < ids.Length; i++)
            {
                if (found[i] is { Count: > 0 } spans)
                {
                    traces.Add(new Trace(ids[i], spans));
                }
            }

            return traces;
        }
        finally
        {
            blocks.Release();
        }
    }

    /// <summary>The spans of one trace from a head snapshot and the leased blocks; null when none.</summary>
    private static async ValueTask<List<Span>?> ReadTraceAsync(TraceId traceId, ArraySegment<Span> head, BlockSet blocks, CancellationToken cancellationToken)
    {
        // Each source is free of duplicates on its own (head and block builder dedupe per trace); merge across them.
        var spans = head.Count > 0 ? new List<Span>(head) : null;
        HashSet<SpanKey>? keys = null;
        foreach (var handle in blocks.Blocks)
        {
            if (!handle.Block.MayContain(traceId))
            {
                continue;
            }

            var part = await handle.Block.GetTraceAsync(traceId, cancellationToken).ConfigureAwait(false);
            if (part.Count == 0)
            {
                continue;
            }

            if (spans is null)
            {
                spans = new List<Span>(part);
                continue;
            }

            if (keys is null)
            {
                keys = new HashSet<SpanKey>(spans.Count + part.Count);
                foreach (var span in spans)
                {
                    keys.Add(span.Key);
                }
            }

            foreach (var span in part)
            {
                if (keys.Add(span.Key))
                {
                    spans.Add(span);
                }
            }
        }

        return spans;
    }

    /// <summary>
    /// See <see cref="ITraceReader.GetServicesAsync"/>: services of the head and of every block (from block metadata,
    /// never a scan). A service is listed while it has data; the empty name (spans without <c>service.name</c>) is not listed.
    /// </summary>
    public ValueTask<IReadOnlyList<string>> GetServicesAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        var names = new SortedSet<string>(StringComparer.Ordinal);
        _lock.EnterReadLock();
        try
        {
            names.UnionWith(_head.Services.Keys);
            names.UnionWith(_blocks.Services);
        }
        finally
        {
            _lock.ExitReadLock();
        }

        names.Remove("");
        return new ValueTask<IReadOnlyList<string>>([.. names]);
    }

    /// <summary>See <see cref="ITraceReader.GetOperationsAsync"/>: from the head's operation counts and block metadata.</summary>
    public ValueTask<IReadOnlyList<Operation>> GetOperationsAsync(OperationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        var service = query.ServiceName ?? "";
        var operations = new HashSet<Operation>();
        _lock.EnterReadLock();
        try
        {
            if (_head.Services.TryGetValue(service, out var headService))
            {
                operations.UnionWith(headService.OperationTraceCounts.Keys);
            }

            foreach (var operation in _blocks.OperationsOf(service))
            {
                operations.Add(operation);
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        var list = operations.Where(o => query.Kind is null || o.Kind == query.Kind).ToList();
        list.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Name, b.Name);
            return c != 0 ? c : a.Kind.CompareTo(b.Kind);
        });
        return new ValueTask<IReadOnlyList<Operation>>(list);
    }

    /// <summary>
    /// See <see cref="IDependencyReader.GetDependenciesAsync"/>: <see cref="DependencyCalculator"/> over the head
    /// fragments with a span starting in the window, plus <see cref="Blocks.Block.GetDependenciesAsync"/> of every
    /// block overlapping it, summed. Links are counted per fragment: a parent and child that sit in different
    /// fragments (a trace cut while still receiving spans) count once both are in one block after compaction.
    /// </summary>
    public async ValueTask<IReadOnlyList<DependencyLink>> GetDependenciesAsync(DateTimeOffset endTime, TimeSpan lookback, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        if (lookback < TimeSpan.Zero)
        {
            return [];
        }

        var endTicks = endTime.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var high = UnixTime.ToNanos(endTime);
        var low = UnixTime.ToNanos(DateTimeOffset.UnixEpoch.AddTicks(endTicks - Math.Min(lookback.Ticks, Math.Max(endTicks, 0))));
        var candidates = new List<ArraySegment<Span>>();
        BlockSet blocks;
        _lock.EnterReadLock();
        try
        {
            foreach (var trace in _head.Traces)
            {
                if (trace.MaxStart >= low && trace.MinStart <= high)
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

        try
        {
            var calculator = new DependencyCalculator();
            foreach (var spans in candidates)
            {
                if (HasSpanStartingIn(spans, low, high))
                {
                    calculator.AddTrace(spans);
                }
            }

            var counts = new Dictionary<(string Parent, string Child), ulong>();
            foreach (var link in calculator.ToLinks())
            {
                counts[(link.Parent, link.Child)] = link.CallCount;
            }

            var overlapping = blocks.Blocks.Where(b => b.Meta.MaxStartUnixNano >= low && b.Meta.MinStartUnixNano <= high).ToArray();
            var perBlock = new IReadOnlyList<DependencyLink>[overlapping.Length];
            var options = new ParallelOptions { MaxDegreeOfParallelism = s_readParallelism, CancellationToken = cancellationToken };
            await Parallel.ForAsync(0, overlapping.Length, options, async (i, ct) =>
                perBlock[i] = await overlapping[i].Block.GetDependenciesAsync(low, high, ct).ConfigureAwait(false)).ConfigureAwait(false);
            foreach (var links in perBlock)
            {
                foreach (var link in links)
                {
                    var key = (link.Parent, link.Child);
                    counts[key] = counts.GetValueOrDefault(key) + link.CallCount;
                }
            }

            return [.. counts.Select(kv => new DependencyLink(kv.Key.Parent, kv.Key.Child, kv.Value))];
        }
        finally
        {
            blocks.Release();
        }
    }

    private static bool HasSpanStartingIn(ArraySegment<Span> spans, ulong low, ulong high)
    {
        foreach (var span in spans.AsSpan())
        {
            if (span.StartTimeUnixNano >= low && span.StartTimeUnixNano <= high)
            {
                return true;
            }
        }

        return false;
    }
}
